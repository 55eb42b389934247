import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

/**
 * The gate must not evaluate policies itself: only @pulumi/policy's analyzer, in the pack's own
 * process, runs them. These checks fail as soon as tools/ grows an evaluator again.
 */
describe("the gate holds no policy evaluator of its own", function () {
  this.timeout(180000);

  it("no module under tools/ imports the pack's policies or calls a policy", () => {
    const offenders: string[] = [];
    for (const file of tsFiles(path.join(ROOT, "tools"))) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/from "([^"]*policies[^"]*)"/g)) {
        if (!m[1].endsWith("/policies/lib/naming")) offenders.push(`${file}: imports ${m[1]}`);
      }
      for (const m of text.matchAll(/\b(validateResource|validateStack)\b/g)) {
        offenders.push(`${file}: mentions ${m[1]}`);
      }
    }
    assert.deepStrictEqual(offenders, []);
    for (const removed of ["evaluate.ts", "runtimeArgs.ts", "jsonSchema.ts", "pack.ts"]) {
      assert.ok(!fs.existsSync(path.join(ROOT, "tools", "policy", removed)), removed);
    }
  });

  it("a policy:check run never loads @pulumi/policy or a policy rule into the gate's process", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-modules-"));
    const list = path.join(dir, "modules.json");
    const preload = path.join(dir, "listModules.js");
    // At exit, the gate's own process writes every module it loaded.
    fs.writeFileSync(
      preload,
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, ` +
        "JSON.stringify(Object.keys(require.cache))));\n",
    );
    const result = spawnSync(
      process.execPath,
      [
        "-r",
        preload,
        require.resolve("ts-node/dist/bin.js"),
        "--transpile-only",
        "tools/policyCheck.ts",
        "--stack",
        "tests/fixtures/noncompliant",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    // The fixture's planted violations: the pack did run, in its own process.
    assert.strictEqual(result.status, 1, result.stderr);
    assert.match(result.stdout, /\d+ mandatory, \d+ advisory — the gate fails/);
    const loaded = JSON.parse(fs.readFileSync(list, "utf8")) as string[];
    const rel = loaded.map((m) => path.relative(ROOT, m).split(path.sep).join("/"));
    assert.ok(rel.includes("tools/policy/session.ts"), "the module list is the gate's");
    assert.deepStrictEqual(
      rel.filter((m) => m.startsWith("policies/") || m.startsWith("node_modules/@pulumi/policy/")),
      ["policies/lib/naming.ts"],
    );
  });
});
