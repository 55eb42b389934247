import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PLATFORM_CONFIG_KEYS } from "../../../components/config";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";

/** The README's configuration reference: from its heading to the next top-level section. */
function configurationReference(): string {
  const readme = fs.readFileSync(path.join(PLATFORM_DIR, "README.md"), "utf8");
  const start = readme.indexOf("\n## Configuration reference\n");
  assert.ok(start >= 0, "README.md has no '## Configuration reference' section");
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe("README configuration reference", () => {
  it("documents every key the config schema accepts", () => {
    const reference = configurationReference();
    const missing = PLATFORM_CONFIG_KEYS.filter((key) => !reference.includes(`\`${key}`));
    assert.deepStrictEqual(missing, [], `keys without a README entry: ${missing.join(", ")}`);
  });
});
