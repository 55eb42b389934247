import * as fs from "fs";
import { EnforcementLevel, Policies, PolicyConfigSchema } from "@pulumi/policy";
import { UnsupportedSchemaError, validate } from "./jsonSchema";

/** A `--config` file that cannot be used: unreadable, malformed or not valid for the pack. */
export class PolicyConfigError extends Error {
  override readonly name = "PolicyConfigError";
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** One policy's settings: its level and its config properties. */
export interface PolicySettings {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** What a config file says, before defaults: per policy name (or "all"). */
export type GivenConfig = Record<
  string,
  { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }
>;

function level(value: unknown, key: string, file: string): EnforcementLevel {
  if (typeof value !== "string" || !LEVELS.includes(value as EnforcementLevel)) {
    throw new PolicyConfigError(
      `${file}: "${key}" enforcement level ${JSON.stringify(value)} is not one of ${LEVELS.join(", ")}`,
    );
  }
  return value as EnforcementLevel;
}

/**
 * Parses the file format `pulumi preview --policy-pack-config` takes:
 * `{ "<policy>": "<level>" }` or `{ "<policy>": { "enforcementLevel"?: "<level>", ...properties } }`,
 * with `"all"` setting every policy's level. Empty content means no config, as in the CLI.
 */
export function parsePolicyPackConfig(text: string, file: string): GivenConfig {
  if (text.trim() === "") return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PolicyConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new PolicyConfigError(`${file} must hold a JSON object keyed by policy name`);
  }
  const given: GivenConfig = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (typeof value === "string") {
      given[key] = { enforcementLevel: level(value, key, file), properties: {} };
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      given[key] = {
        enforcementLevel:
          enforcementLevel === undefined ? undefined : level(enforcementLevel, key, file),
        properties,
      };
    } else {
      throw new PolicyConfigError(
        `${file}: "${key}" is ${JSON.stringify(value)}; expected an enforcement level string or an object`,
      );
    }
  }
  return given;
}

/** Reads and parses a `--config` file. */
export function loadPolicyPackConfig(file: string): GivenConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new PolicyConfigError(`cannot read policy config ${file}: ${(e as Error).message}`);
  }
  return parsePolicyPackConfig(text, file);
}

function schemaOf(schema: PolicyConfigSchema) {
  return { type: "object" as const, properties: schema.properties, required: schema.required };
}

/**
 * The config each policy runs with, reconciled the way the Pulumi engine does it: schema defaults
 * and the policy's own level first, then `"all"`'s level, then each policy's entry; the result is
 * validated against the policy's `configSchema`. Stricter than the engine on purpose: a policy
 * name or property the pack does not define is an error here, because a typo would otherwise
 * leave a default in force unnoticed.
 */
export function reconcileConfig(
  policies: Policies,
  packLevel: EnforcementLevel,
  given: GivenConfig,
  source = "policy config",
): Map<string, PolicySettings> {
  const result = new Map<string, PolicySettings>();
  for (const p of policies) {
    const defaults: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(p.configSchema?.properties ?? {})) {
      if (typeof spec === "object" && spec.default !== undefined) defaults[key] = spec.default;
    }
    result.set(p.name, {
      enforcementLevel: p.enforcementLevel ?? packLevel,
      properties: defaults,
    });
  }
  const allLevel = given["all"]?.enforcementLevel;
  if (allLevel) for (const settings of result.values()) settings.enforcementLevel = allLevel;
  const errors: string[] = [];
  for (const [name, entry] of Object.entries(given)) {
    if (name === "all") {
      if (Object.keys(entry.properties).length > 0) {
        errors.push(
          `"all" takes only an enforcementLevel, not ${Object.keys(entry.properties).join(", ")}`,
        );
      }
      continue;
    }
    const settings = result.get(name);
    if (!settings) {
      errors.push(`"${name}" is not a policy of this pack`);
      continue;
    }
    if (entry.enforcementLevel) settings.enforcementLevel = entry.enforcementLevel;
    Object.assign(settings.properties, entry.properties);
  }
  for (const p of policies) {
    const settings = result.get(p.name)!;
    const known = Object.keys(p.configSchema?.properties ?? {});
    for (const key of Object.keys(settings.properties)) {
      if (!known.includes(key)) {
        errors.push(
          `${p.name}: unknown property "${key}"` +
            (known.length > 0 ? ` (it takes ${known.join(", ")})` : " (it takes none)"),
        );
      }
    }
    if (!p.configSchema) continue;
    try {
      errors.push(
        ...validate(schemaOf(p.configSchema), settings.properties).map((m) => `${p.name}: ${m}`),
      );
    } catch (e) {
      if (e instanceof UnsupportedSchemaError) {
        throw new Error(`policy ${p.name} has a configSchema the gate cannot check: ${e.message}`);
      }
      throw e;
    }
  }
  if (errors.length > 0) {
    throw new PolicyConfigError(`${source} is not valid for this pack:\n  ${errors.join("\n  ")}`);
  }
  return result;
}
