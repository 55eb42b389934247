import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AutomationRunner } from "../../../tools/fleet/automation";
import { fleetCommand } from "../../../tools/fleet/cli";

/**
 * `npm run fleet` end to end through the Automation API, against the stand-in `pulumi` on PATH:
 * which stacks each shard runs, how many at once, the retry of a throttled account and how a
 * failed one is reported.
 */
const STANDIN_DIR = path.join(__dirname, "standin");
const VARS = ["PATH", "STANDIN_LOG", "STANDIN_STATE", "STANDIN_DELAY_MS", "STANDIN_FAIL"];

interface Invocation {
  argv: string[];
  stack: string | null;
  time: number;
  end: number;
  code: number;
}

interface Report {
  accounts: Array<{
    stack: string;
    result: string;
    resources: number;
    providers: number;
    error?: string;
  }>;
}

describe("npm run fleet through the Automation API (stand-in pulumi)", function () {
  this.timeout(60_000);
  const saved: Record<string, string | undefined> = {};
  let tmp: string;

  before(() => {
    fs.chmodSync(path.join(STANDIN_DIR, "pulumi"), 0o755);
    for (const v of VARS) saved[v] = process.env[v];
    process.env.PATH = `${STANDIN_DIR}${path.delimiter}${process.env.PATH ?? ""}`;
  });
  after(() => {
    for (const [v, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[v];
      else process.env[v] = value;
    }
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-standin-"));
    process.env.STANDIN_LOG = path.join(tmp, "log.jsonl");
    process.env.STANDIN_STATE = path.join(tmp, "state.json");
    delete process.env.STANDIN_FAIL;
    delete process.env.STANDIN_DELAY_MS;
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const log = (): Invocation[] =>
    fs
      .readFileSync(process.env.STANDIN_LOG ?? "", "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as Invocation);

  async function fleet(argv: string[]): Promise<{ code: number; report: Report; err: string }> {
    const file = path.join(tmp, "report.json");
    const err: string[] = [];
    const code = await fleetCommand(
      [...argv, "--json", file],
      { out: () => undefined, err: (l) => err.push(l) },
      // Backoff shortened: the retry itself is what is under test, not the wait.
      { runner: () => new AutomationRunner(), sleep: () => Promise.resolve() },
    );
    return {
      code,
      report: JSON.parse(fs.readFileSync(file, "utf8")) as Report,
      err: err.join("\n"),
    };
  }

  it("a shard runs its members only, at most --concurrency at once, retrying the throttled one", async () => {
    // prod's members in id order: 456789012345, 567890123456, 678901234567; shard 1/2 holds the
    // first and the third.
    process.env.STANDIN_DELAY_MS = "300";
    process.env.STANDIN_FAIL = JSON.stringify({
      "prod-678901234567": { times: 1, stderr: "error: Throttling: Rate exceeded", command: "up" },
    });
    const { code, report } = await fleet([
      "up",
      "--stack",
      "prod",
      "--shard",
      "1/2",
      "--concurrency",
      "1",
      "--retries",
      "2",
    ]);
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(
      report.accounts.map((a) => [a.stack, a.result]),
      [
        ["prod-456789012345", "succeeded"],
        ["prod-678901234567", "succeeded"],
      ],
    );
    const ups = log().filter((e) => e.argv[0] === "up");
    assert.deepStrictEqual(
      ups.map((e) => [e.stack, e.code]),
      [
        ["prod-456789012345", 0],
        ["prod-678901234567", 255],
        ["prod-678901234567", 0],
      ],
    );
    // --concurrency 1: no two operations overlap.
    for (let i = 1; i < ups.length; i++) assert.ok(ups[i].time >= ups[i - 1].end, "overlap");
    assert.ok(
      !log().some((e) => e.stack?.endsWith("/prod")),
      "a shard never touches the platform stack",
    );
  });

  it("--concurrency 2 overlaps two members and never three; a failed member is reported, the rest run", async () => {
    process.env.STANDIN_DELAY_MS = "400";
    process.env.STANDIN_FAIL = JSON.stringify({
      "prod-567890123456": {
        times: -1,
        stderr: "error: AccessDenied: not authorized to perform iam:CreateRole",
        command: "up",
      },
    });
    const { code, report, err } = await fleet([
      "up",
      "--stack",
      "prod",
      "--only",
      "members",
      "--concurrency",
      "2",
    ]);
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(
      report.accounts.map((a) => a.result),
      ["succeeded", "failed", "succeeded"],
    );
    assert.match(
      report.accounts[1].error ?? "",
      /AccessDenied: not authorized to perform iam:CreateRole/,
    );
    const ups = log().filter((e) => e.argv[0] === "up");
    assert.strictEqual(ups.length, 3, "a permanent error is not retried");
    const overlapping = (t: number) => ups.filter((e) => e.time <= t && t < e.end).length;
    const peak = Math.max(...ups.map((e) => overlapping(e.time)));
    assert.strictEqual(peak, 2);
    assert.match(err, /\[3\/3\] 2 ok, 0 running, 1 failed/);
  });

  it("up of the whole environment: the platform stack first, alone, then its members", async () => {
    const { code, report } = await fleet(["up", "--stack", "dev"]);
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(
      report.accounts.map((a) => a.stack),
      ["dev", "dev-543210987654"],
    );
    const ups = log().filter((e) => e.argv[0] === "up");
    assert.deepStrictEqual(
      ups.map((e) => e.stack),
      ["dev", "dev-543210987654"],
    );
    assert.ok(ups[1].time >= ups[0].end, "members start after the platform stack ends");
    const configured = log()
      .filter((e) => e.argv[0] === "config")
      .map((e) => e.stack);
    assert.deepStrictEqual(configured, ["dev-543210987654"]);
  });
});
