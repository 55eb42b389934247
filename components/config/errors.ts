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

/** Messages for zod's built-in checks, naming the bad value and what is allowed. */
export const errorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return `is required (${iss.expected})`;
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
