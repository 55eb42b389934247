import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** `npm run policy:check -- --stack tests/fixtures/gate-scale:<stack> --format json`. */
function gate(stack: string) {
  const result = spawnSync(
    process.execPath,
    [
      require.resolve("ts-node/dist/bin.js"),
      "--transpile-only",
      "tools/policyCheck.ts",
      "--stack",
      `tests/fixtures/gate-scale:${stack}`,
      "--format",
      "json",
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the gate benchmark's program (tests/fixtures/gate-scale)", function () {
  this.timeout(180_000);

  it("is compliant, so every policy does its full work, and its size follows the config", () => {
    const { code, stdout, stderr } = gate("small");
    assert.strictEqual(code, 0, stderr + stdout);
    const report = JSON.parse(stdout) as {
      resources: number;
      summary: { mandatory: number; advisory: number };
    };
    assert.deepStrictEqual(report.summary, { mandatory: 0, advisory: 0 });
    // The stack, 15 shared resources, 5 per bucket and 9 per five other logged resources.
    assert.strictEqual(report.resources, 1 + 15 + 5 * 10 + (9 * 10) / 5);
  });
});
