import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AutomationRunner } from "../../../tools/fleet/automation";
import {
  Registry,
  loadRegistry,
  memberStack,
  memberStackConfig,
  memberStackName,
  platformStackRef,
} from "../../../tools/fleet/registry";
import { StackSpec, isTransient } from "../../../tools/fleet/types";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";

/** The stand-in `pulumi` (tests/tools/fleet/standin/pulumi): see its header for its knobs. */
const STANDIN_DIR = path.join(__dirname, "standin");
const STANDIN_VARS = [
  "STANDIN_LOG",
  "STANDIN_STATE",
  "STANDIN_VERSION",
  "STANDIN_DELAY_MS",
  "STANDIN_PROVIDERS",
  "STANDIN_RESOURCES",
  "STANDIN_REPLACE",
  "STANDIN_FAIL",
  "STANDIN_BARRIER",
];

/** One logged invocation of the stand-in. */
interface Invocation {
  argv: string[];
  cwd: string;
  stack: string | null;
  time: number;
  end: number;
  code: number;
  /** STANDIN_BARRIER's verdict for an operation. */
  barrier?: "met" | "timed out";
}

const PAYMENTS = "456789012345";
const DATA = "567890123456";

let registry: Registry;

function memberSpec(accountId: string): StackSpec {
  const name = memberStackName(registry.env, accountId);
  return {
    name,
    qualifiedName: `${registry.organization}/${registry.project}/${name}`,
    kind: "member",
    accountId,
    config: memberStackConfig(registry, accountId),
    loaded: memberStack(registry, accountId),
  };
}

function platformSpec(): StackSpec {
  const org = JSON.parse(registry.platform.config["logging-platform:organization"]) as {
    managementAccount: { id: string };
  };
  return {
    name: registry.env,
    qualifiedName: platformStackRef(registry),
    kind: "platform",
    accountId: org.managementAccount.id,
    loaded: registry.platform,
  };
}

describe("fleet AutomationRunner (stand-in pulumi CLI)", function () {
  this.timeout(30000);
  const saved: Record<string, string | undefined> = {};
  let tmp: string;

  before(() => {
    // A checkout may drop the executable bit: restore it before the stand-in is first run.
    fs.chmodSync(path.join(STANDIN_DIR, "pulumi"), 0o755);
    for (const v of ["PATH", ...STANDIN_VARS]) saved[v] = process.env[v];
    process.env.PATH = `${STANDIN_DIR}${path.delimiter}${process.env.PATH ?? ""}`;
    registry = loadRegistry(PLATFORM_DIR, "prod");
  });

  after(() => {
    for (const [v, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[v];
      else process.env[v] = value;
    }
  });

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-automation-"));
    for (const v of STANDIN_VARS) delete process.env[v];
    process.env.STANDIN_LOG = path.join(tmp, "invocations.jsonl");
    process.env.STANDIN_STATE = path.join(tmp, "state.json");
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const log = (): Invocation[] =>
    fs.existsSync(process.env.STANDIN_LOG!)
      ? fs
          .readFileSync(process.env.STANDIN_LOG!, "utf8")
          .split("\n")
          .filter((l) => l !== "")
          .map((l) => JSON.parse(l) as Invocation)
      : [];

  /** The argv of each invocation, the event log's temporary path replaced by `<event-log>`. */
  const commands = (entries: Invocation[]): string[][] =>
    entries.map((e) => e.argv.map((a, i) => (e.argv[i - 1] === "--event-log" ? "<event-log>" : a)));

  const state = (): { stacks: Record<string, { config: Record<string, string> }> } =>
    JSON.parse(fs.readFileSync(process.env.STANDIN_STATE!, "utf8")) as {
      stacks: Record<string, { config: Record<string, string> }>;
    };

  it("runs a member stack's up as version, select → init, one config set-all, up, outputs, history", async () => {
    const spec = memberSpec(PAYMENTS);
    const q = "organization/logging-platform/prod-456789012345";
    assert.strictEqual(spec.qualifiedName, q);
    const outcome = await new AutomationRunner().run(spec, "up");

    const entries = log();
    assert.ok(
      entries.every((e) => e.cwd === PLATFORM_DIR),
      "every command runs in the program",
    );
    const configArgs = Object.entries(spec.config!).flatMap(([k, v]) => [
      "--plaintext",
      `${k}=${v}`,
    ]);
    assert.deepStrictEqual(commands(entries), [
      ["version"],
      ["stack", "select", "--stack", q, "--non-interactive"],
      ["stack", "init", q, "--non-interactive"],
      ["config", "set-all", "--stack", q, ...configArgs, "--non-interactive"],
      [
        "up",
        "--yes",
        "--skip-preview",
        "--color",
        "never",
        "--exec-kind",
        "auto.local",
        "--event-log",
        "<event-log>",
        "--stack",
        q,
        "--non-interactive",
      ],
      ["stack", "output", "--json", "--stack", q, "--non-interactive"],
      ["stack", "output", "--json", "--show-secrets", "--stack", q, "--non-interactive"],
      [
        "stack",
        "history",
        "--json",
        "--show-secrets",
        "--page-size",
        "1",
        "--page",
        "1",
        "--stack",
        q,
        "--non-interactive",
      ],
    ]);
    assert.deepStrictEqual(
      entries.map((e) => e.code),
      [0, 255, 0, 0, 0, 0, 0, 0],
      "select fails for the new stack, then init creates it",
    );
    // Every key of the derived config arrived intact (JSON values, `=` inside values and all).
    assert.deepStrictEqual(state().stacks[q].config, spec.config);
    assert.ok(Object.keys(spec.config!).includes("logging-platform:stack"));
    assert.deepStrictEqual(outcome, { resources: 5, providers: 1 });
  });

  it("sets no config on the platform stack and selects it once it exists", async () => {
    const runner = new AutomationRunner();
    const spec = platformSpec();
    await runner.run(spec, "up");
    await runner.run(spec, "up");
    const cmds = commands(log());
    assert.ok(!cmds.some((c) => c[0] === "config"), "no config command for the platform stack");
    const q = "organization/logging-platform/prod";
    const lifecycle = cmds.filter((c) => c[0] === "stack" && ["select", "init"].includes(c[1]));
    assert.deepStrictEqual(lifecycle, [
      ["stack", "select", "--stack", q, "--non-interactive"],
      ["stack", "init", q, "--non-interactive"],
      ["stack", "select", "--stack", q, "--non-interactive"],
    ]);
    assert.strictEqual(cmds.filter((c) => c[0] === "up").length, 2);
  });

  it("preview counts the summary's changes and the distinct providers of the events", async () => {
    process.env.STANDIN_PROVIDERS = "2";
    process.env.STANDIN_RESOURCES = "4";
    const runner = new AutomationRunner();
    const spec = memberSpec(DATA);

    // Nothing deployed: the Stack, 2 providers and 4 resources would be created.
    assert.deepStrictEqual(await runner.run(spec, "preview"), { resources: 7, providers: 2 });
    await runner.run(spec, "up");
    // Deployed: the Stack is the same, 4 resources update, each provider is replaced in three
    // steps (create-replacement, replace, delete-replaced) of one URN: still 2 providers.
    process.env.STANDIN_REPLACE = "providers";
    assert.deepStrictEqual(await runner.run(spec, "preview"), { resources: 6, providers: 2 });

    const previews = commands(log()).filter((c) => c[0] === "preview");
    assert.strictEqual(previews.length, 2);
    for (const c of previews) {
      assert.deepStrictEqual(c, [
        "preview",
        "--color",
        "never",
        "--exec-kind",
        "auto.local",
        "--event-log",
        "<event-log>",
        "--stack",
        spec.qualifiedName,
        "--non-interactive",
      ]);
    }
    // A preview reads no outputs or history: its summary is the event stream's.
    const last = log();
    assert.deepStrictEqual(last[last.length - 1].argv[0], "preview");
  });

  it("up, refresh and destroy count the changes of the stack's latest history entry", async () => {
    const runner = new AutomationRunner();
    const spec = memberSpec(PAYMENTS);
    assert.deepStrictEqual(await runner.run(spec, "up"), { resources: 5, providers: 1 });
    assert.deepStrictEqual(await runner.run(spec, "up"), { resources: 3, providers: 1 });
    assert.deepStrictEqual(await runner.run(spec, "refresh"), { resources: 0, providers: 1 });
    assert.deepStrictEqual(await runner.run(spec, "destroy"), { resources: 5, providers: 1 });
    const ops = commands(log()).filter((c) => ["refresh", "destroy"].includes(c[0]));
    assert.deepStrictEqual(ops[0].slice(0, 3), ["refresh", "--skip-preview", "--yes"]);
    assert.deepStrictEqual(ops[1].slice(0, 3), ["destroy", "--yes", "--skip-preview"]);
    for (const c of ops) assert.ok(c.includes("--event-log") && c.includes("never"));
  });

  it("destroying a member stack removes it; destroying the platform stack keeps it", async () => {
    const runner = new AutomationRunner();
    const member = memberSpec(PAYMENTS);
    const platform = platformSpec();
    await runner.run(platform, "up");
    await runner.run(member, "up");
    await runner.run(member, "destroy");
    await runner.run(platform, "destroy");

    const cmds = commands(log());
    const destroyAt = cmds.findIndex((c) => c[0] === "destroy");
    assert.deepStrictEqual(cmds.slice(destroyAt + 1, destroyAt + 3), [
      [
        "stack",
        "history",
        "--json",
        "--show-secrets",
        "--page-size",
        "1",
        "--page",
        "1",
        "--stack",
        member.qualifiedName,
        "--non-interactive",
      ],
      ["stack", "rm", "--yes", member.qualifiedName, "--non-interactive"],
    ]);
    const removals = cmds.filter((c) => c[0] === "stack" && c[1] === "rm");
    assert.strictEqual(removals.length, 1, "only the member stack is removed");
    assert.deepStrictEqual(Object.keys(state().stacks), [platform.qualifiedName]);
    assert.deepStrictEqual(await runner.listStacks(), ["prod"]);
  });

  it("a throttled operation throws an Error isTransient retries, then succeeds", async () => {
    process.env.STANDIN_FAIL = JSON.stringify({
      "prod-456789012345": { times: 1, stderr: "error: Throttling: Rate exceeded", code: 255 },
    });
    const runner = new AutomationRunner();
    const spec = memberSpec(PAYMENTS);
    const err = await runner.run(spec, "up").then(
      () => assert.fail("the first up should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error);
    assert.match(err.message, /^prod-456789012345: pulumi up failed \(exit code 255\): /);
    assert.match(err.message, /Throttling: Rate exceeded/);
    assert.strictEqual(isTransient(err), true);
    assert.deepStrictEqual(await runner.run(spec, "up"), { resources: 5, providers: 1 });
  });

  it("a configuration error throws an Error isTransient does not retry", async () => {
    process.env.STANDIN_FAIL = JSON.stringify({
      "prod-567890123456": {
        times: -1,
        stderr: "error: missing required configuration variable 'logging-platform:organization'",
      },
    });
    const runner = new AutomationRunner();
    for (const operation of ["preview", "up"] as const) {
      const err = await runner.run(memberSpec(DATA), operation).then(
        () => assert.fail(`${operation} should fail`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof Error);
      assert.match(err.message, /error: missing required configuration/);
      assert.strictEqual(isTransient(err), false, err.message);
    }
  });

  it("a failing config set-all is not mistaken for a timeout by the config it carries", async () => {
    // The member config holds `idleTimeoutMinutes`: a message quoting the command line would
    // match isTransient's /timed? ?out/.
    const spec = memberSpec(PAYMENTS);
    assert.match(Object.values(spec.config!).join(" "), /idleTimeoutMinutes/);
    process.env.STANDIN_FAIL = JSON.stringify({
      "prod-456789012345": { times: -1, command: "config", stderr: "error: invalid key" },
    });
    const err = await new AutomationRunner().run(spec, "up").then(
      () => assert.fail("config set-all should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error);
    assert.strictEqual(
      err.message,
      "prod-456789012345: pulumi config set-all failed (exit code 255): error: invalid key",
    );
    assert.strictEqual(isTransient(err), false);
    assert.ok(!commands(log()).some((c) => c[0] === "up"), "no operation after a config failure");
  });

  it("an engine error diagnostic naming throttling makes the failure transient", async () => {
    process.env.STANDIN_FAIL = JSON.stringify({
      "prod-456789012345": {
        times: -1,
        stderr: "error: update failed",
        diagnostic:
          "aws:s3/bucketV2:BucketV2 (archive): error: creating S3 Bucket: api error Throttling: Rate exceeded",
      },
    });
    const err = await new AutomationRunner().run(memberSpec(PAYMENTS), "up").then(
      () => assert.fail("up should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error);
    assert.match(err.message, /error: update failed\n.*Throttling: Rate exceeded/);
    assert.strictEqual(isTransient(err), true);
  });

  it("without a pulumi on PATH, fails naming the missing CLI", async () => {
    const path0 = process.env.PATH;
    process.env.PATH = tmp; // an empty directory: no pulumi (nor a real one on this machine)
    try {
      const err = await new AutomationRunner().run(platformSpec(), "preview").then(
        () => assert.fail("preview should fail"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof Error);
      assert.match(err.message, /^prod: pulumi stack select failed: .*ENOENT/s);
      assert.strictEqual(isTransient(err), false);
    } finally {
      process.env.PATH = path0;
    }
  });

  it("refuses to preview or update a member stack whose account left the registry", async () => {
    const gone: StackSpec = { ...memberSpec(PAYMENTS), config: undefined, loaded: undefined };
    await assert.rejects(
      new AutomationRunner().run(gone, "up"),
      /can only be refreshed or destroyed/,
    );
    assert.deepStrictEqual(log(), [], "no CLI invocation");
    // Destroying it runs without config, and removes it.
    assert.deepStrictEqual(await new AutomationRunner().run(gone, "destroy"), {
      resources: 0,
      providers: 0,
    });
    const cmds = commands(log());
    assert.ok(!cmds.some((c) => c[0] === "config"));
    assert.deepStrictEqual(cmds[cmds.length - 1], [
      "stack",
      "rm",
      "--yes",
      gone.qualifiedName,
      "--non-interactive",
    ]);
  });

  it("listStacks returns the backend's stacks by short name", async () => {
    const runner = new AutomationRunner();
    await runner.run(platformSpec(), "preview");
    await runner.run(memberSpec(PAYMENTS), "preview");
    await runner.run(memberSpec(DATA), "preview");
    assert.deepStrictEqual(
      Object.keys(state().stacks).sort(),
      [
        "organization/logging-platform/prod",
        "organization/logging-platform/prod-456789012345",
        "organization/logging-platform/prod-567890123456",
      ],
      "the backend holds qualified names",
    );
    assert.deepStrictEqual((await runner.listStacks()).sort(), [
      "prod",
      "prod-456789012345",
      "prod-567890123456",
    ]);
    assert.deepStrictEqual(commands(log()).slice(-2), [
      ["version"],
      ["stack", "ls", "--json", "--non-interactive"],
    ]);
  });

  it("runs stacks at once and streams each one's output lines by stack", async () => {
    // Each up waits at the stand-in's barrier until all three have started: were the runner to
    // serialize them, the first would wait out the barrier's 20 s and log "timed out".
    process.env.STANDIN_BARRIER = "3";
    process.env.STANDIN_DELAY_MS = "100";
    const lines: Array<[string, string]> = [];
    const runner = new AutomationRunner({ onOutput: (stack, line) => lines.push([stack, line]) });
    const specs = [memberSpec(PAYMENTS), memberSpec(DATA), memberSpec("678901234567")];
    const outcomes = await Promise.all(specs.map((s) => runner.run(s, "up")));
    assert.deepStrictEqual(
      outcomes,
      specs.map(() => ({ resources: 5, providers: 1 })),
    );
    const ups = log().filter((e) => e.argv[0] === "up");
    assert.deepStrictEqual(
      ups.map((e) => e.barrier),
      ["met", "met", "met"],
    );
    assert.ok(
      Math.max(...ups.map((e) => e.time)) < Math.min(...ups.map((e) => e.end)),
      "the three ups overlap",
    );
    for (const s of specs) {
      const own = lines.filter(([stack]) => stack === s.name).map(([, line]) => line);
      assert.ok(own.includes(`Updating (${s.name})`), own.join("\n"));
      assert.ok(own.includes("    5 create"), own.join("\n"));
    }
  });
});
