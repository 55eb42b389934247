import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PACK_NAME, packArgs, policies } from "../../../policies/rules";

const RULES_DIR = path.join(__dirname, "../../../policies/rules");
const SPECS_DIR = __dirname;

/** `apigateway`, `athena`, …: every rule file of the pack, the registry included. */
const ruleFiles = (): string[] =>
  fs
    .readdirSync(RULES_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => f.slice(0, -".ts".length))
    .sort();

type Policy = ResourceValidationPolicy | StackValidationPolicy;

function isPolicy(value: unknown): value is Policy {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate["name"] === "string" &&
    (typeof candidate["validateResource"] !== "undefined" ||
      typeof candidate["validateStack"] === "function")
  );
}

/** Every policy object a rule file exports, keyed `<file>.<export>`. */
async function exportedPolicies(): Promise<Map<string, Policy>> {
  const found = new Map<string, Policy>();
  for (const file of ruleFiles().filter((f) => f !== "index")) {
    const mod: Record<string, unknown> = await import(path.join(RULES_DIR, file));
    for (const [name, value] of Object.entries(mod)) {
      if (isPolicy(value)) found.set(`${file}.${name}`, value);
    }
  }
  return found;
}

describe("rules/index: the policy registry", () => {
  it("registers every policy a rule file exports, exactly once", async () => {
    // Loaded now, not at the top: stack synthesis in other specs evicts the pack's modules from
    // the require cache, and the registry must be compared with the same module instances.
    const registered = (await import("../../../policies/rules")).policies;
    const exported = await exportedPolicies();
    assert.ok(exported.size > 0, "no rule file exports a policy");
    const unregistered = [...exported]
      .filter(([, p]) => !registered.includes(p))
      .map(([where]) => where);
    assert.deepStrictEqual(unregistered, [], "exported but missing from policies");
    const foreign = registered
      .filter((p) => ![...exported.values()].includes(p))
      .map((p) => p.name);
    assert.deepStrictEqual(foreign, [], "registered but exported by no rule file");
    assert.strictEqual(new Set(registered).size, registered.length, "a policy is registered twice");
  });

  it("gives every policy a unique kebab-case name, a description and its own level", () => {
    const names = policies.map((p) => p.name);
    const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
    assert.deepStrictEqual(duplicates, []);
    for (const p of policies) {
      assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, p.name);
      assert.ok(p.description.length > 0, `${p.name} has no description`);
      assert.ok(
        p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory",
        `${p.name} has enforcementLevel ${String(p.enforcementLevel)}`,
      );
    }
  });

  it("builds the pack from the registry under the published name", () => {
    assert.strictEqual(PACK_NAME, "aws-logging-guardrails");
    assert.strictEqual(packArgs.policies, policies);
  });

  it("has a spec file tests/policies/rules/<file>.test.ts for every policies/rules/<file>.ts", () => {
    const missing = ruleFiles().filter((f) => !fs.existsSync(path.join(SPECS_DIR, `${f}.test.ts`)));
    assert.deepStrictEqual(missing, []);
  });
});
