import { PolicyConfigJSONSchema, PolicyConfigJSONSchemaDefinition } from "@pulumi/policy/schema";

/**
 * A validator for the JSON Schema keywords policy config schemas use. The Pulumi engine validates
 * `--policy-pack-config` with a full JSON Schema implementation; this gate supports the subset
 * below and refuses a schema that uses anything else, so no keyword is silently ignored.
 */
const SUPPORTED = new Set([
  "type",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "description",
  "default",
]);

/** A schema keyword this validator does not implement. */
export class UnsupportedSchemaError extends Error {
  override readonly name = "UnsupportedSchemaError";
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "object":
      return typeOf(value) === "object";
    default:
      return typeOf(value) === type;
  }
}

const show = (v: unknown) => JSON.stringify(v);

/** Every way `value` breaks `schema`, each prefixed with its path (`` for the root). */
export function validate(
  schema: PolicyConfigJSONSchemaDefinition,
  value: unknown,
  path = "",
): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path || "value"}: no value is allowed here`];
  const s: PolicyConfigJSONSchema = schema;
  for (const key of Object.keys(s)) {
    if (!SUPPORTED.has(key)) {
      throw new UnsupportedSchemaError(
        `schema keyword "${key}" at ${path || "root"} is not supported`,
      );
    }
  }
  const at = path || "value";
  const errors: string[] = [];
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => matchesType(value, t))) {
      return [`${at}: expected ${types.join(" or ")}, got ${show(value)}`];
    }
  }
  if (s.enum && !s.enum.some((e) => show(e) === show(value))) {
    errors.push(`${at}: ${show(value)} is not one of ${s.enum.map(show).join(", ")}`);
  }
  if (s.const !== undefined && show(s.const) !== show(value)) {
    errors.push(`${at}: must be ${show(s.const)}, got ${show(value)}`);
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum)
      errors.push(`${at}: ${value} is below the minimum ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum)
      errors.push(`${at}: ${value} is above the maximum ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) {
      errors.push(`${at}: ${value} must be greater than ${s.exclusiveMinimum}`);
    }
    if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) {
      errors.push(`${at}: ${value} must be less than ${s.exclusiveMaximum}`);
    }
    if (s.multipleOf !== undefined && value % s.multipleOf !== 0) {
      errors.push(`${at}: ${value} is not a multiple of ${s.multipleOf}`);
    }
  }
  if (typeof value === "string") {
    if (s.minLength !== undefined && value.length < s.minLength) {
      errors.push(`${at}: ${show(value)} is shorter than ${s.minLength} characters`);
    }
    if (s.maxLength !== undefined && value.length > s.maxLength) {
      errors.push(`${at}: ${show(value)} is longer than ${s.maxLength} characters`);
    }
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(value)) {
      errors.push(`${at}: ${show(value)} does not match ${s.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) {
      errors.push(`${at}: needs at least ${s.minItems} items, got ${value.length}`);
    }
    if (s.maxItems !== undefined && value.length > s.maxItems) {
      errors.push(`${at}: allows at most ${s.maxItems} items, got ${value.length}`);
    }
    if (s.uniqueItems && new Set(value.map(show)).size !== value.length) {
      errors.push(`${at}: items must be unique`);
    }
    if (s.items !== undefined) {
      if (Array.isArray(s.items)) {
        throw new UnsupportedSchemaError(`tuple "items" at ${path || "root"} is not supported`);
      }
      const items = s.items;
      value.forEach((item, i) => errors.push(...validate(items, item, `${path}[${i}]`)));
    }
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of s.required ?? []) {
      if (!(key in obj)) errors.push(`${path ? `${path}.` : ""}${key}: is required`);
    }
    for (const [key, v] of Object.entries(obj)) {
      const child = s.properties?.[key];
      const childPath = path ? `${path}.${key}` : key;
      if (child !== undefined) errors.push(...validate(child, v, childPath));
      else if (s.additionalProperties !== undefined) {
        errors.push(...validate(s.additionalProperties, v, childPath));
      }
    }
  }
  return errors;
}
