import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PLATFORM_DIR, resolveStack } from "../../tools/offline/resolveStack";
import { synthesizeStack } from "../../tools/offline/synthesize";
import { packFindings } from "./packGate";

/**
 * The platform's own stacks pass its own pack with the default config. This is a real gate:
 * a mandatory violation fails it, and the fix belongs in the platform, never in the policy.
 */
describe("dogfood: the platform passes its own policy pack", () => {
  for (const stack of ["dev", "prod"]) {
    it(`${stack} has zero mandatory violations`, async function () {
      if (!fs.existsSync(path.join(PLATFORM_DIR, "index.ts"))) {
        this.skip();
      }
      const plan = await synthesizeStack(resolveStack(stack));
      const findings = await packFindings(plan);
      const mandatory = findings
        .filter((f) => f.level === "mandatory")
        .map((f) => `${f.policy} on ${f.resourceType} "${f.resourceName}": ${f.detail}`);
      assert.deepStrictEqual(
        mandatory,
        [],
        `mandatory violations in ${stack}:\n${mandatory.join("\n")}`,
      );
    });
  }
});
