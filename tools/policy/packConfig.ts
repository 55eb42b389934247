import * as fs from "fs";
import { EnforcementLevel } from "@pulumi/policy";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { JsonSchema, PackInfo, PolicyConfig } from "./packInfo";

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
export type GivenConfig = Record<string, PolicyConfig>;

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

// The engine validates with gojsonschema (draft-07 and earlier); Ajv's default draft is 07 too.
// Not strict: like gojsonschema, keywords a validator does not know (e.g. "description") pass;
// the formats gojsonschema checks (uri, email, date-time, …) are checked here too.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (v === undefined) {
    v = ajv.compile(schema);
    compiled.set(key, v);
  }
  return v;
}

/** `minRetentionDays`, `tiers[2].days`: a JSON pointer as a reader would write the path. */
function pathOf(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((p, s) => (/^\d+$/.test(s) ? `${p}[${s}]` : p === "" ? s : `${p}.${s}`), "");
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const seg of pointer.split("/").slice(1)) {
    cur = (cur as Record<string, unknown> | undefined)?.[
      seg.replace(/~1/g, "/").replace(/~0/g, "~")
    ];
  }
  return cur;
}

function describe(e: ErrorObject, data: unknown, known: string[]): string {
  const at = pathOf(e.instancePath);
  if (e.keyword === "additionalProperties") {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    if (at === "") {
      return (
        `unknown property "${key}"` +
        (known.length > 0 ? ` (it takes ${known.join(", ")})` : " (it takes none)")
      );
    }
    return `${at}: unknown property "${key}"`;
  }
  if (e.keyword === "required") {
    const key = (e.params as { missingProperty: string }).missingProperty;
    return `${at === "" ? key : `${at}.${key}`}: is required`;
  }
  return `${at || "config"}: ${JSON.stringify(valueAt(data, e.instancePath))} ${e.message ?? "is not valid"}`;
}

/** The JSON Schema the engine checks one policy's properties against, closed to unknown keys. */
function schemaOf(policy: PackInfo["policies"][number]): JsonSchema {
  const properties = policy.configSchema?.properties ?? {};
  const schema: JsonSchema = { type: "object", properties, additionalProperties: false };
  if ((policy.configSchema?.required ?? []).length > 0)
    schema["required"] = policy.configSchema?.required;
  return schema;
}

function apply(result: Map<string, PolicySettings>, given: GivenConfig): void {
  const allLevel = given["all"]?.enforcementLevel;
  if (allLevel) for (const settings of result.values()) settings.enforcementLevel = allLevel;
  for (const [name, entry] of Object.entries(given)) {
    if (name === "all") continue;
    const settings = result.get(name);
    if (!settings) continue;
    if (entry.enforcementLevel) settings.enforcementLevel = entry.enforcementLevel;
    Object.assign(settings.properties, entry.properties);
  }
}

/**
 * The config each policy runs with, reconciled the way the Pulumi engine does it before it calls
 * the analyzer's `Configure` (the policy runtime itself validates nothing): schema defaults and
 * the policy's own level from `GetAnalyzerInfo` first, then the pack's initial config, then
 * `"all"`'s level, then each policy's entry; the result is validated against each policy's
 * config schema with a full JSON Schema validator. Stricter than the engine on purpose: a policy
 * name or property the pack does not define is an error here, because a typo would otherwise
 * leave a default in force unnoticed.
 */
export function reconcileConfig(
  pack: PackInfo,
  given: GivenConfig,
  source = "policy config",
): Map<string, PolicySettings> {
  const result = new Map<string, PolicySettings>();
  for (const p of pack.policies) {
    const defaults: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(p.configSchema?.properties ?? {})) {
      if (spec["default"] !== undefined) defaults[key] = spec["default"];
    }
    result.set(p.name, { enforcementLevel: p.enforcementLevel, properties: defaults });
  }
  apply(result, pack.initialConfig);
  apply(result, given);
  const errors: string[] = [];
  for (const [name, entry] of Object.entries(given)) {
    if (name === "all") {
      if (Object.keys(entry.properties).length > 0) {
        errors.push(
          `"all" takes only an enforcementLevel, not ${Object.keys(entry.properties).join(", ")}`,
        );
      }
    } else if (!result.has(name)) {
      errors.push(`"${name}" is not a policy of this pack`);
    }
  }
  for (const p of pack.policies) {
    const settings = result.get(p.name)!;
    const validate = validatorFor(schemaOf(p));
    if (!validate(settings.properties)) {
      const known = Object.keys(p.configSchema?.properties ?? {});
      errors.push(
        ...(validate.errors ?? []).map(
          (e) => `${p.name}: ${describe(e, settings.properties, known)}`,
        ),
      );
    }
  }
  if (errors.length > 0) {
    throw new PolicyConfigError(`${source} is not valid for this pack:\n  ${errors.join("\n  ")}`);
  }
  return result;
}
