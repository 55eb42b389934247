import { PlanResource } from "../../../tools/offline/plan";

/** A policy document found in a plan, with where it was found. */
export interface FoundDocument {
  /** `<stack> <type token> <name> <input path>`, e.g. `prod aws:iam/role:Role x assumeRolePolicy`. */
  id: string;
  document: Record<string, unknown>;
}

function isPolicyDocument(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Array.isArray((value as Record<string, unknown>)["Statement"])
  );
}

/** The document a value holds: itself, or the JSON text of one (how providers receive them). */
function documentIn(value: unknown): Record<string, unknown> | undefined {
  if (isPolicyDocument(value)) return value;
  if (typeof value !== "string" || !value.trimStart().startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isPolicyDocument(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function walk(
  value: unknown,
  path: string,
  found: (path: string, doc: Record<string, unknown>) => void,
): void {
  const doc = documentIn(value);
  if (doc !== undefined) {
    found(path, doc);
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, found));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) walk(v, path === "" ? k : `${path}.${k}`, found);
  }
}

/**
 * Every IAM-grammar policy document among the inputs of a plan's resources: identity policies,
 * trust policies, key, bucket, topic, domain, destination and log resource policies, whether
 * an input holds it as JSON text or as an object, at any depth (inline role policies).
 */
export function policyDocumentsOf(stack: string, plan: readonly PlanResource[]): FoundDocument[] {
  const documents: FoundDocument[] = [];
  for (const r of plan) {
    walk(r.inputs, "", (path, document) =>
      documents.push({ id: `${stack} ${r.type} ${r.name} ${path}`, document }),
    );
  }
  return documents;
}
