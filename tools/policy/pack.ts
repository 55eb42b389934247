import * as fs from "fs";
import * as path from "path";
import { PACK_NAME, packArgs } from "../../policies/rules";
import { PackSpec } from "./evaluate";

/** Directory of the policy pack (its package.json carries the version the runtime reports). */
export const PACK_DIR = path.resolve(__dirname, "..", "..", "policies");

/** The platform's pack as the gate runs it, with the version from policies/package.json. */
export function loadPack(): PackSpec {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as {
    version?: unknown;
  };
  if (typeof pkg.version !== "string" || pkg.version === "") {
    throw new Error(`${PACK_DIR}/package.json has no version; the policy runtime requires one`);
  }
  return {
    name: PACK_NAME,
    version: pkg.version,
    enforcementLevel: packArgs.enforcementLevel ?? "advisory",
    policies: packArgs.policies,
  };
}
