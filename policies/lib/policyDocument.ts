import { asArray, asRecord, parseDocument, stringList } from "./values";

/** One statement of an IAM, bucket or key policy, with its string-or-list fields normalised. */
export interface Statement {
  /** `Sid`, or `#<index>` when the statement has none. */
  label: string;
  effect: "Allow" | "Deny";
  actions: string[];
  notActions: string[];
  resources: string[];
  /** True for `Principal: "*"` or `{ AWS: "*" }`. */
  anyPrincipal: boolean;
  awsPrincipals: string[];
  servicePrincipals: string[];
  /** Condition operator → condition key → value(s). */
  conditions: Record<string, Record<string, unknown>>;
}

/** The statements of a policy document, or `undefined` when it is not a valid document. */
export function statementsOf(document: unknown): Statement[] | undefined {
  const parsed = parseDocument(document);
  if (!parsed.ok) return undefined;
  const doc = asRecord(parsed.doc);
  if (!doc) return undefined;
  const raw = doc["Statement"];
  const list = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
  return list.map((s, i) => {
    const st = asRecord(s) ?? {};
    const principal = st["Principal"];
    const principalMap = asRecord(principal) ?? {};
    const awsPrincipals = stringList(principalMap["AWS"]);
    const conditions: Record<string, Record<string, unknown>> = {};
    for (const [op, body] of Object.entries(asRecord(st["Condition"]) ?? {})) {
      conditions[op] = asRecord(body) ?? {};
    }
    return {
      label: typeof st["Sid"] === "string" && st["Sid"] !== "" ? st["Sid"] : `#${i}`,
      effect: st["Effect"] === "Deny" ? "Deny" : "Allow",
      actions: stringList(st["Action"]),
      notActions: stringList(st["NotAction"]),
      resources: stringList(st["Resource"]),
      anyPrincipal: principal === "*" || awsPrincipals.includes("*"),
      awsPrincipals,
      servicePrincipals: stringList(principalMap["Service"]),
      conditions,
    };
  });
}

/** Condition keys of a statement, lower-cased (IAM condition keys are case-insensitive). */
export function conditionKeys(statement: Statement): string[] {
  return Object.values(statement.conditions).flatMap((body) =>
    Object.keys(body).map((k) => k.toLowerCase()),
  );
}

function conditionValue(statement: Statement, operators: string[], key: string): unknown[] {
  const values: unknown[] = [];
  for (const [op, body] of Object.entries(statement.conditions)) {
    if (!operators.includes(op)) continue;
    for (const [k, v] of Object.entries(body)) {
      if (k.toLowerCase() === key.toLowerCase()) values.push(...(Array.isArray(v) ? v : [v]));
    }
  }
  return values;
}

/**
 * True when some statement denies every S3 action to everyone on requests made without TLS
 * (`aws:SecureTransport` = false), the shape Security Hub S3.5 looks for.
 */
export function deniesInsecureTransport(statements: readonly Statement[]): boolean {
  return statements.some(
    (s) =>
      s.effect === "Deny" &&
      s.anyPrincipal &&
      s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*") &&
      conditionValue(s, ["Bool", "BoolIfExists"], "aws:SecureTransport").some(
        (v) => v === false || (typeof v === "string" && v.toLowerCase() === "false"),
      ),
  );
}

/** The actions of a statement, lower-cased, for wildcard checks. */
export function lowerActions(statement: Statement): string[] {
  return statement.actions.map((a) => a.toLowerCase());
}

/** Statements of a JSON list field such as `Role.inlinePolicies[].policy`. */
export function nestedDocuments(value: unknown, key: string): unknown[] {
  return asArray(value)
    .map((item) => asRecord(item)?.[key])
    .filter((doc) => doc !== undefined);
}
