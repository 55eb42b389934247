import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policies/rules";

describe("docs/policy-pack.md policy table", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "policy-pack.md"), "utf8");

  it("lists every policy with its default level and severity", () => {
    for (const p of policies) {
      const row = doc.split("\n").find((l) => l.startsWith(`| \`${p.name}\` |`));
      assert.ok(row, `no table row for ${p.name}`);
      const cells = row.split(" | ");
      assert.strictEqual(cells[2], p.enforcementLevel, p.name);
      assert.strictEqual(cells[3], p.severity, p.name);
    }
  });
});
