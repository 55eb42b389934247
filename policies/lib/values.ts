/** Small readers for resource properties, safe on the runtime's unknown-checking proxies. */

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Strings of a string-or-list field (IAM `Action`, `Resource`, principals). */
export function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return asArray(value).filter((v): v is string => typeof v === "string");
}

/** A JSON document given as a string (how providers receive policies) or already parsed. */
export function parseDocument(value: unknown): { ok: true; doc: unknown } | { ok: false } {
  if (typeof value !== "string")
    return value === undefined ? { ok: false } : { ok: true, doc: value };
  try {
    return { ok: true, doc: JSON.parse(value) as unknown };
  } catch {
    return { ok: false };
  }
}

/** `a, b and c` (or `a, b or c`). */
export function listing(items: readonly string[], conjunction: "and" | "or" = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}
