import * as assert from "assert";
import { runFleet } from "../../../tools/fleet/orchestrate";
import { Operation, StackOutcome, StackRunner, StackSpec } from "../../../tools/fleet/types";

const spec = (name: string, kind: "platform" | "member" = "member"): StackSpec => ({
  name,
  qualifiedName: `organization/logging-platform/${name}`,
  kind,
  accountId: kind === "platform" ? "111111111111" : name.slice(-12),
});

const members = (n: number): StackSpec[] =>
  Array.from({ length: n }, (_, i) => spec(`prod-${String(400000000000 + i)}`));

/** A runner whose answers a test scripts per stack, recording calls and what ran at once. */
class ScriptedRunner implements StackRunner {
  readonly calls: Array<{ stack: string; operation: Operation }> = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    private readonly answer: (stack: string, call: number) => StackOutcome | Error,
    private readonly delayMs = 5,
  ) {}
  async run(s: StackSpec, operation: Operation): Promise<StackOutcome> {
    this.calls.push({ stack: s.name, operation });
    const n = this.calls.filter((c) => c.stack === s.name).length;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, this.delayMs));
    this.inFlight--;
    const a = this.answer(s.name, n);
    if (a instanceof Error) throw a;
    return a;
  }
  listStacks(): Promise<string[]> {
    return Promise.resolve([]);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const ok: StackOutcome = { resources: 7, providers: 1 };
const noSleep = (): Promise<void> => Promise.resolve();

describe("fleet orchestration", () => {
  it("keeps at most --concurrency stacks in flight and runs every one once", async () => {
    const runner = new ScriptedRunner(() => ok);
    const specs = members(12);
    const results = await runFleet(specs, runner, { operation: "up", concurrency: 3 });
    assert.strictEqual(runner.maxInFlight, 3);
    assert.deepStrictEqual(
      runner.calls.map((c) => c.stack).sort(),
      specs.map((s) => s.name).sort(),
    );
    assert.deepStrictEqual(
      results.map((r) => [r.stack, r.result, r.resources, r.providers, r.attempts]),
      specs.map((s) => [s.name, "succeeded", 7, 1, 1]),
    );
  });

  it("retries throttling with doubling backoff, then succeeds", async () => {
    const waits: number[] = [];
    const runner = new ScriptedRunner((_, call) =>
      call < 3 ? new Error("error: Throttling: Rate exceeded (status 400)") : ok,
    );
    const [r] = await runFleet([spec("prod-456789012345")], runner, {
      operation: "up",
      concurrency: 1,
      backoffMs: 100,
      random: () => 0,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    assert.deepStrictEqual(waits, [100, 200]);
    assert.strictEqual(r.result, "succeeded");
    assert.strictEqual(r.attempts, 3);
  });

  it("gives up after --retries transient failures and reports the last error", async () => {
    const runner = new ScriptedRunner(() => new Error("RequestLimitExceeded: slow down"));
    const [r] = await runFleet([spec("prod-456789012345")], runner, {
      operation: "preview",
      concurrency: 1,
      retries: 2,
      sleep: noSleep,
    });
    assert.strictEqual(r.result, "failed");
    assert.strictEqual(r.attempts, 3);
    assert.strictEqual(r.error, "RequestLimitExceeded: slow down");
  });

  it("does not retry an error that will not go away, and carries on past it", async () => {
    const specs = members(4);
    const bad = specs[1].name;
    const runner = new ScriptedRunner((stack) =>
      stack === bad ? new Error("error: Missing required configuration variable\nmore detail") : ok,
    );
    const results = await runFleet(specs, runner, {
      operation: "up",
      concurrency: 2,
      sleep: noSleep,
    });
    assert.strictEqual(runner.calls.filter((c) => c.stack === bad).length, 1);
    assert.deepStrictEqual(
      results.map((r) => r.result),
      ["succeeded", "failed", "succeeded", "succeeded"],
    );
    assert.strictEqual(results[1].error, "error: Missing required configuration variable");
  });

  it("runs the platform stack alone first; a failed platform up skips every member", async () => {
    const platform = spec("prod", "platform");
    const runner = new ScriptedRunner((stack) =>
      stack === "prod" ? new Error("error: creating S3 bucket: AccessDenied") : ok,
    );
    const results = await runFleet([platform, ...members(3)], runner, {
      operation: "up",
      concurrency: 3,
      sleep: noSleep,
    });
    assert.deepStrictEqual(runner.calls, [{ stack: "prod", operation: "up" }]);
    assert.deepStrictEqual(
      results.map((r) => r.result),
      ["failed", "skipped", "skipped", "skipped"],
    );
    assert.match(results[1].error ?? "", /^platform stack prod failed: error: creating S3 bucket/);
  });

  it("a failed platform preview does not skip the members' previews", async () => {
    const runner = new ScriptedRunner((stack) => (stack === "prod" ? new Error("boom") : ok));
    const results = await runFleet([spec("prod", "platform"), ...members(2)], runner, {
      operation: "preview",
      concurrency: 2,
    });
    assert.deepStrictEqual(
      results.map((r) => r.result),
      ["failed", "succeeded", "succeeded"],
    );
  });

  it("destroys members first and keeps the platform while a member still references it", async () => {
    const specs = [...members(2), spec("prod", "platform")];
    const order: string[] = [];
    const runner = new ScriptedRunner((stack) => {
      order.push(stack);
      return stack === specs[0].name ? new Error("error: deleting flow log: AccessDenied") : ok;
    });
    const results = await runFleet(specs, runner, {
      operation: "destroy",
      concurrency: 2,
      sleep: noSleep,
    });
    assert.ok(!order.includes("prod"));
    assert.strictEqual(results[2].result, "skipped");
    assert.match(results[2].error ?? "", /1 member stack\(s\) not destroyed .* still reference it/);

    const clean = new ScriptedRunner(() => ok);
    await runFleet(specs, clean, { operation: "destroy", concurrency: 2 });
    assert.strictEqual(clean.calls[clean.calls.length - 1].stack, "prod");
  });

  it("a stack with mandatory policy violations fails, with the first violations in its error", async () => {
    const runner = new ScriptedRunner(() => ({
      resources: 3,
      providers: 1,
      violations: 2,
      violationSummary: "s3-bucket-logging: b: no access logs",
    }));
    const [r] = await runFleet([spec("prod-456789012345")], runner, {
      operation: "preview",
      concurrency: 1,
    });
    assert.strictEqual(r.result, "failed");
    assert.strictEqual(
      r.error,
      "2 mandatory policy violation(s): s3-bucket-logging: b: no access logs",
    );
  });

  it("reports progress after every stack: done, running and failed of the total", async () => {
    const lines: string[] = [];
    const specs = members(3);
    const runner = new ScriptedRunner((stack) => (stack === specs[2].name ? new Error("x") : ok));
    await runFleet(specs, runner, {
      operation: "up",
      concurrency: 1,
      onProgress: (p) => lines.push(`${p.done}/${p.total} running=${p.running} failed=${p.failed}`),
    });
    assert.deepStrictEqual(lines, [
      "1/3 running=0 failed=0",
      "2/3 running=0 failed=0",
      "3/3 running=0 failed=1",
    ]);
  });

  it("refuses a concurrency below 1", async () => {
    await assert.rejects(
      runFleet(members(1), new ScriptedRunner(() => ok), { operation: "up", concurrency: 0 }),
      /concurrency must be a whole number >= 1, got 0/,
    );
  });
});
