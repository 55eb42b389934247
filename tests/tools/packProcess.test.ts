import * as assert from "assert";
import * as path from "path";
import { PackStartError, cpuMsFromStat, startPack } from "../../tools/policy/packProcess";
import { PolicyGate } from "../../tools/policy/session";

const PACK = path.resolve(__dirname, "..", "fixtures", "throwingPack");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the policy pack process, started as the CLI starts it", function () {
  this.timeout(180000);

  it("serves the Analyzer service on the port it prints, and stop() ends it", async () => {
    const pack = await startPack(PACK);
    try {
      assert.match(pack.address, /^127\.0\.0\.1:\d+$/);
      // Starting node with ts-node costs CPU: a reading of 0 would mean the wrong process or field.
      const cpu = pack.cpuMs();
      if (process.platform === "linux") assert.ok(cpu !== undefined && cpu > 0, `cpuMs ${cpu}`);
      const gate = await PolicyGate.connect(pack.address);
      // What the pack's own package.json and `new PolicyPack` say, over gRPC.
      assert.deepStrictEqual(
        [gate.pack.name, gate.pack.version, gate.pack.policies.map((p) => p.name)],
        ["throwing-pack", "0.0.1", ["always-throws"]],
      );
      await gate.close();
    } finally {
      await pack.stop();
    }
    assert.strictEqual(alive(pack.pid), false);
    assert.strictEqual(pack.cpuMs(), undefined);
  });

  it("is killed, not waited for, when the gate no longer needs it", async () => {
    const stop = new AbortController();
    const starting = startPack(PACK, { signal: stop.signal });
    stop.abort();
    await assert.rejects(
      starting,
      (e: Error) => e instanceof PackStartError && /was stopped before it served/.test(e.message),
    );
  });

  it("refuses a directory that is not a policy pack", async () => {
    await assert.rejects(
      startPack(__dirname),
      (e: Error) =>
        e instanceof PackStartError &&
        e.message ===
          `policy pack ${__dirname} has no package.json: expected a policy pack directory`,
    );
  });
});

describe("a process's CPU time from /proc/<pid>/stat", () => {
  it("adds utime and stime (USER_HZ ticks) even when the command name holds spaces and )", () => {
    const stat =
      "4242 (node) weird) name) S 1 4242 4242 0 -1 4194560 900 0 3 0 250 37 0 0 20 0 11 0 123";
    assert.strictEqual(cpuMsFromStat(stat), 2870);
  });

  it("is undefined for a line that is not a stat line", () => {
    assert.strictEqual(cpuMsFromStat("no parentheses here"), undefined);
    assert.strictEqual(cpuMsFromStat("1 (x) S 1 2"), undefined);
  });
});
