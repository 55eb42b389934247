import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runOffboard, runOnboard } from "../../../tools/onboarding/commands";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { stackNameProblem } from "../../../tools/offline/stackConfig";

/** Every file under `dir` with its content, to prove a command wrote nothing. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), fs.readFileSync(file, "utf8"));
  }
  return files;
}

function capture() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l: string) => stdout.push(l), err: (l: string) => stderr.push(l) };
}

describe("--stack is a stack name, and --dry-run writes nothing", () => {
  let base: string;
  let program: string;
  let tmpdir: string | undefined;
  beforeEach(() => {
    // The temporary directory is `base` itself, so a write that escapes a scratch directory of
    // the command (as `Pulumi./../../x/evil.yaml` once did) lands where this test looks.
    base = fs.mkdtempSync(path.join(os.tmpdir(), "stack-arg-"));
    tmpdir = process.env["TMPDIR"];
    process.env["TMPDIR"] = base;
    program = path.join(base, "program");
    fs.mkdirSync(program);
    for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml"]) {
      fs.copyFileSync(path.join(PLATFORM_DIR, f), path.join(program, f));
    }
    fs.mkdirSync(path.join(base, "x"));
    fs.copyFileSync(path.join(PLATFORM_DIR, "Pulumi.dev.yaml"), path.join(base, "x", "evil.yaml"));
  });
  afterEach(() => {
    if (tmpdir === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = tmpdir;
    fs.rmSync(base, { recursive: true, force: true });
  });

  const add = (stack: string, ...flags: string[]) => [
    "--stack",
    stack,
    "--account-id",
    "123456789012",
    "--name",
    "sandbox",
    ...flags,
  ];

  it("refuses a path as --stack, with or without --dry-run, and touches no file", () => {
    const before = snapshot(base);
    for (const flags of [["--dry-run"], []]) {
      const io = capture();
      assert.strictEqual(runOnboard(add("/../../x/evil", ...flags), io, program), 2);
      assert.deepStrictEqual(io.stderr, [
        'onboard: --stack "/../../x/evil" is not a stack name: use 1-100 of letters, digits, ".", "_" and "-" (like dev or prod), not a path',
        "usage: npm run onboard -- --stack <env> --account-id <12 digits> --name <slug> [--regions r1,r2] [--role-name <role>] [--dry-run | --apply]",
      ]);
      assert.deepStrictEqual(io.stdout, []);
    }
    const io = capture();
    assert.strictEqual(
      runOffboard(["--stack", "../x/evil", "--account-id", "543210987654"], io, program),
      2,
    );
    assert.match(io.stderr[0], /^offboard: --stack "\.\.\/x\/evil" is not a stack name/);
    assert.deepStrictEqual(snapshot(base), before);
  });

  it("a dry run of a valid edit prints the diff and writes no file anywhere", () => {
    const before = snapshot(base);
    const io = capture();
    assert.strictEqual(runOnboard(add("dev", "--dry-run"), io, program), 0);
    assert.ok(io.stdout.includes("  # dry run: Pulumi.dev.yaml not changed; to apply:"));
    assert.deepStrictEqual(snapshot(base), before, "no file under the program or TMPDIR changed");
    assert.deepStrictEqual(fs.readdirSync(base).sort(), ["program", "x"]);
  });

  it("accepts stack names and nothing that could leave the directory", () => {
    for (const ok of ["dev", "prod", "prod-eu.2", "Team_A"]) {
      assert.strictEqual(stackNameProblem(ok), undefined, ok);
    }
    for (const bad of [".", "..", "", "a/b", "..\\x", "dev yaml", "x".repeat(101), "d\u00e9v"]) {
      assert.ok(stackNameProblem(bad), JSON.stringify(bad));
    }
  });
});
