/** IAM policy grammar as AWS receives it, so builders are type-checked and tests read plain data. */

/** `"*"` or a principal block. */
export type Principal = "*" | { AWS?: string | string[]; Service?: string | string[] };

/** Condition operator → condition key → value(s). */
export type Condition = Record<string, Record<string, string | string[]>>;

/**
 * One statement; `Sid` is mandatory here so violations and tests can name statements.
 * `Resource` is absent only in role trust policies, where IAM forbids it.
 */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Condition;
}

/** A complete policy document. */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/**
 * Wraps statements into a document.
 * @throws Error when two statements share a Sid (AWS rejects such resource policies).
 */
export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  const seen = new Set<string>();
  for (const s of statements) {
    if (seen.has(s.Sid)) throw new Error(`policy statement Sid "${s.Sid}" is used twice`);
    seen.add(s.Sid);
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** The statement every bucket policy carries: refuse any request not made over TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
