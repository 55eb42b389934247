/**
 * Pure facts of Redshift audit logging: the three logs, the parameters that make them complete,
 * and where CloudWatch delivery puts them.
 */

/** The audit logs, in the spelling `logExports` takes. */
export const REDSHIFT_AUDIT_LOGS = ["connectionlog", "userlog", "useractivitylog"] as const;
/** One audit log. */
export type RedshiftAuditLog = (typeof REDSHIFT_AUDIT_LOGS)[number];

/** Parameter group family of current provisioned clusters. */
export const REDSHIFT_PARAMETER_FAMILY = "redshift-2.0";

/**
 * Parameters every audited cluster's parameter group sets: the user activity log is empty
 * unless `enable_user_activity_logging` is on, and `require_ssl` refuses unencrypted client
 * connections, so what the connection log records is TLS-only traffic.
 */
export const AUDIT_PARAMETERS: ReadonlyArray<{ name: string; value: string }> = [
  { name: "enable_user_activity_logging", value: "true" },
  { name: "require_ssl", value: "true" },
];

/**
 * The audit parameters merged with a caller's own, which may add parameters but not switch
 * the audit ones off.
 * @throws Error naming the parameter when an extra one contradicts an audit parameter.
 */
export function auditParameters(
  extra: ReadonlyArray<{ name: string; value: string }> = [],
): Array<{ name: string; value: string }> {
  const merged = AUDIT_PARAMETERS.map((p) => ({ ...p }));
  for (const p of extra) {
    const audit = AUDIT_PARAMETERS.find((a) => a.name === p.name);
    if (audit && audit.value !== p.value) {
      throw new Error(
        `Redshift parameter ${p.name}="${p.value}" would weaken audit logging (it must be "${audit.value}")`,
      );
    }
    if (!audit && !merged.some((m) => m.name === p.name)) merged.push({ ...p });
  }
  return merged;
}

/** CloudWatch Logs group Redshift delivers one audit log of a provisioned cluster to. */
export function clusterLogGroupName(clusterIdentifier: string, log: RedshiftAuditLog): string {
  return `/aws/redshift/cluster/${clusterIdentifier}/${log}`;
}

/**
 * S3 key prefix check: Redshift refuses spaces, quotes, backslashes and control characters and
 * prefixes longer than 512 characters; the prefix ends in `/` so keys read as folders.
 * @throws Error naming the prefix and the rule it breaks.
 */
export function checkS3KeyPrefix(prefix: string): string {
  if (prefix.length > 512) {
    throw new Error(`Redshift s3KeyPrefix "${prefix}" is ${prefix.length} characters; at most 512`);
  }
  const forbidden = [...prefix].find((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0x20 || code >= 0x7f || ch === '"' || ch === "'" || ch === "\\";
  });
  if (forbidden !== undefined) {
    throw new Error(
      `Redshift s3KeyPrefix "${prefix}" holds a space, quote, backslash or control/non-ASCII character`,
    );
  }
  if (prefix !== "" && !prefix.endsWith("/")) {
    throw new Error(`Redshift s3KeyPrefix "${prefix}" must end with "/"`);
  }
  return prefix;
}
