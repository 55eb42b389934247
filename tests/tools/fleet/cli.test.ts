import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FleetUsageError, fleetCommand, parseFleetArgs } from "../../../tools/fleet/cli";
import { loadRegistry } from "../../../tools/fleet/registry";
import { statusReport } from "../../../tools/fleet/status";
import { Operation, StackOutcome, StackRunner, StackSpec } from "../../../tools/fleet/types";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";

/** A runner that answers from a script and records what it was asked. */
class FakeRunner implements StackRunner {
  readonly ran: string[] = [];
  closed = false;
  constructor(
    private readonly stacks: string[] = [],
    private readonly fail: Set<string> = new Set(),
  ) {}
  run(spec: StackSpec, operation: Operation): Promise<StackOutcome> {
    this.ran.push(`${operation} ${spec.name}`);
    return this.fail.has(spec.name)
      ? Promise.reject(new Error(`error: ${spec.name} failed`))
      : Promise.resolve({ resources: 2, providers: 1 });
  }
  listStacks(): Promise<string[]> {
    return Promise.resolve(this.stacks);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

async function fleet(argv: string[], runner = new FakeRunner()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fleetCommand(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { runner: () => runner },
  );
  return { code, out: out.join("\n"), err: err.join("\n"), runner };
}

describe("npm run fleet: command line", () => {
  it("parses an operation with every option", () => {
    const args = parseFleetArgs(
      [
        "up",
        "--stack",
        "prod",
        "--accounts",
        "456789012345,567890123456,456789012345",
        "--concurrency",
        "8",
        "--retries",
        "1",
        "--json",
        "fleet.json",
      ],
      "/tmp",
    );
    assert.deepStrictEqual(args, {
      command: "up",
      stack: "prod",
      selection: { accounts: ["456789012345", "567890123456"] },
      concurrency: 8,
      retries: 1,
      offline: false,
      json: "/tmp/fleet.json",
    });
    assert.deepStrictEqual(
      parseFleetArgs(["preview", "--stack", "dev", "--shard", "2/3", "--offline"]).selection,
      {
        shard: { index: 2, count: 3 },
      },
    );
  });

  const refused: Array<[string[], RegExp]> = [
    [[], /an operation is required/],
    [
      ["deploy", "--stack", "prod"],
      /unknown operation "deploy" \(one of preview, up, refresh, destroy, status\)/,
    ],
    [["up"], /--stack is required \(an environment: dev, prod\)/],
    [["up", "--stack"], /--stack needs a value/],
    [
      ["up", "--stack", "../../x/evil"],
      /--stack "\.\.\/\.\.\/x\/evil" is not a stack name: it takes an environment such as prod, not a path/,
    ],
    [
      ["up", "--stack", "prod-456789012345"],
      /is a member stack; name its environment and account: --stack prod --accounts 456789012345/,
    ],
    [
      ["up", "--stack", "prod", "--accounts", "4567,abc"],
      /--accounts "4567", "abc": expected 12-digit account ids/,
    ],
    [
      ["up", "--stack", "prod", "--only", "everything"],
      /--only "everything" is not platform or members/,
    ],
    [
      ["up", "--stack", "prod", "--only", "platform", "--shard", "1/2"],
      /--only platform selects no member/,
    ],
    [
      ["up", "--stack", "prod", "--concurrency", "0"],
      /--concurrency "0" is not a whole number from 1 to 64/,
    ],
    [["up", "--stack", "prod", "--shard", "3/2"], /--shard "3\/2" is not i\/N with 1 <= i <= N/],
    [
      ["destroy", "--stack", "prod", "--offline"],
      /destroy needs deployed stacks; --offline runs preview and up/,
    ],
    [["status", "--stack", "prod", "--offline"], /status asks the backend which stacks exist/],
    [["up", "--stack", "prod", "--stack", "dev"], /--stack is given twice/],
    [["up", "--stack", "prod", "--verbose"], /unknown argument "--verbose"/],
    [["up", "--stack", "prod", "--json", os.tmpdir()], /is a directory; give a file name/],
    [
      ["up", "--stack", "prod", "--json", "/no/such/dir/f.json"],
      /the directory \/no\/such\/dir does not exist/,
    ],
  ];
  for (const [argv, message] of refused) {
    it(`refuses ${JSON.stringify(argv)}`, () => {
      assert.throws(
        () => parseFleetArgs(argv),
        (e: Error) => e instanceof FleetUsageError && message.test(e.message),
      );
    });
  }

  it("exits 2 before running anything for a bad command line, an unknown stack or an unregistered account", async () => {
    for (const [argv, message] of [
      [
        ["up", "--stack", "stagin"],
        /unknown stack "stagin": .*Pulumi\.stagin\.yaml does not exist/,
      ],
      [
        ["up", "--stack", "prod", "--accounts", "999999999999"],
        /not a member of Pulumi\.prod\.yaml/,
      ],
      [["up"], /--stack is required/],
    ] as Array<[string[], RegExp]>) {
      const r = await fleet(argv);
      assert.strictEqual(r.code, 2, argv.join(" "));
      assert.match(r.err, message);
      assert.deepStrictEqual(r.runner.ran, []);
    }
  });

  it("runs the selection, prints one row per stack, writes the JSON, exits 1 when one failed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-cli-"));
    const file = path.join(dir, "report.json");
    const runner = new FakeRunner([], new Set(["prod-567890123456"]));
    const r = await fleet(["up", "--stack", "prod", "--json", file], runner);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(runner.ran, [
      "up prod",
      "up prod-456789012345",
      "up prod-567890123456",
      "up prod-678901234567",
    ]);
    assert.ok(runner.closed);
    assert.match(r.out, /prod-567890123456 +member +567890123456 +failed/);
    assert.match(r.out, /4 stack\(s\): 3 succeeded, 1 failed, 0 skipped/);
    assert.match(r.err, /\[4\/4\] 3 ok, 0 running, 1 failed/);
    const report = JSON.parse(fs.readFileSync(file, "utf8")) as {
      stack: string;
      operation: string;
      accounts: Array<Record<string, unknown>>;
    };
    assert.deepStrictEqual(Object.keys(report), ["stack", "operation", "accounts"]);
    assert.strictEqual(report.stack, "prod");
    assert.strictEqual(report.operation, "up");
    assert.deepStrictEqual(Object.keys(report.accounts[2]).sort(), [
      "accountId",
      "durationMs",
      "error",
      "kind",
      "providers",
      "resources",
      "result",
      "stack",
    ]);
    assert.strictEqual(report.accounts[2]["error"], "error: prod-567890123456 failed");
    assert.deepStrictEqual(fs.readdirSync(dir), ["report.json"], "no temporary file left behind");
  });

  it("status lists registered accounts without a stack and stacks without an account", async () => {
    const prod = loadRegistry(PLATFORM_DIR, "prod");
    const report = statusReport(prod, ["prod", "prod-456789012345", "prod-111122223333", "dev"]);
    assert.strictEqual(report.clean, false);
    assert.match(report.text, /prod-567890123456 +member +no stack +data-platform/);
    assert.match(
      report.text,
      /deploy them: npm run fleet -- up --stack prod --accounts 567890123456,678901234567/,
    );
    assert.match(
      report.text,
      /member stacks with no registered account \(1\):\n {2}111122223333\n {2}destroy them: npm run fleet -- destroy --stack prod --accounts 111122223333/,
    );
    const clean = statusReport(prod, [
      "prod",
      "prod-456789012345",
      "prod-567890123456",
      "prod-678901234567",
    ]);
    assert.ok(clean.clean, clean.text);
    const r = await fleet(["status", "--stack", "prod"], new FakeRunner(["prod"]));
    assert.strictEqual(r.code, 1);
    assert.match(r.out, /registered accounts with no stack \(3\)/);
  });
});
