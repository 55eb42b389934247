import { z } from "zod";
import { show } from "./values";

/** The config namespace: the project name in Pulumi.yaml. */
export const CONFIG_NAMESPACE = "logging-platform";

/** A stack config that cannot build a platform. Thrown before any resource is declared. */
export class ConfigValidationError extends Error {
  override readonly name = "ConfigValidationError";
  /** One line per problem, each `logging-platform:<path>: <what is wrong>`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${p}`).join("\n"),
    );
    this.problems = problems;
  }
}

/** A zod issue path as config paths are written: `members[2].regions[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${show(v)}`;
}

function shapeKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } })?._zod?.def
    ?.shape;
  return shape ? Object.keys(shape) : [];
}

/** An empty YAML key (`features:` with nothing under it) where a value or section is expected. */
function emptyMessage(expected: string, keys: readonly string[]): string {
  if (expected === "object") {
    return (
      `is empty: give the section its keys${keys.length > 0 ? ` (${keys.join(", ")})` : ""}, ` +
      "or remove the line to keep the defaults"
    );
  }
  if (expected === "array") return "is empty: list its items under it, or write [] for none";
  return `is empty: give it a ${expected} value, or remove the line to keep the default`;
}

/** Messages for zod's built-in checks, naming the bad value and what is allowed. */
export const errorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return `is required (${iss.expected})`;
      if (iss.input === null) return emptyMessage(iss.expected, shapeKeys(iss.inst));
      if (iss.expected === "string" && typeof iss.input === "number") {
        return `${show(iss.input)} must be a string: quote it in YAML`;
      }
      return `expected ${iss.expected}, got ${describeType(iss.input)}`;
    case "invalid_value":
      return `${show(iss.input)} is not one of ${iss.values.map((v) => show(v)).join(", ")}`;
    case "too_small":
      return iss.origin === "array"
        ? `must list at least ${String(iss.minimum)} item${Number(iss.minimum) === 1 ? "" : "s"}`
        : `${show(iss.input)} is below the minimum ${String(iss.minimum)}`;
    case "too_big":
      return `${show(iss.input)} is above the maximum ${String(iss.maximum)}`;
    case "unrecognized_keys":
      return `unknown key${iss.keys.length === 1 ? "" : "s"} ${iss.keys.map((k) => show(k)).join(", ")} (allowed: ${shapeKeys(iss.inst).join(", ")})`;
    default:
      return undefined;
  }
};
