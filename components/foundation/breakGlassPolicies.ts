import {
  GUARDRAIL_CHANGE_ACTIONS,
  LOG_DESTRUCTION_ACTIONS,
  Partition,
  PolicyDocument,
  arns,
  policyDocument,
} from "../core";

/** The longest session the break-glass role grants, in seconds (IAM's minimum is one hour). */
export const BREAK_GLASS_SESSION_SECONDS = 3600;

/**
 * Trust of the break-glass role: only the named principals, only with MFA, and only with an MFA
 * sign-in younger than the session the role grants.
 * @throws Error when no principal is named.
 */
export function breakGlassTrustPolicy(principalArns: readonly string[]): PolicyDocument {
  if (principalArns.length === 0) {
    throw new Error("breakGlassPrincipalArns: must name at least one principal");
  }
  return policyDocument([
    {
      Sid: "NamedRespondersWithMfa",
      Effect: "Allow",
      Principal: { AWS: principalArns.length === 1 ? principalArns[0] : [...principalArns] },
      Action: "sts:AssumeRole",
      Condition: {
        Bool: { "aws:MultiFactorAuthPresent": "true" },
        NumericLessThan: { "aws:MultiFactorAuthAge": String(BREAK_GLASS_SESSION_SECONDS) },
      },
    },
  ]);
}

/** Inputs of {@link breakGlassPolicy}. */
export interface BreakGlassPolicyArgs {
  partition: Partition;
  /** The central archive bucket. */
  archiveBucketName: string;
  /** The archive key. */
  archiveKeyArn: string;
}

/** Key actions the archive key reserves for the break-glass role. */
export const BREAK_GLASS_KEY_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:EnableKey",
  "kms:GetKeyPolicy",
  "kms:PutKeyPolicy",
  "kms:ScheduleKeyDeletion",
];

/**
 * What the break-glass role may do: exactly what the archive's bucket and key policies keep from
 * everyone else (delete log versions, lift retention, change the bucket's guardrails, disable or
 * delete the key, change its policy), plus reading the settings it would change. Nothing beyond
 * the archive and its key.
 */
export function breakGlassPolicy(a: BreakGlassPolicyArgs): PolicyDocument {
  const bucket = arns.bucket(a.partition, a.archiveBucketName);
  return policyDocument([
    {
      Sid: "ArchiveLogDestruction",
      Effect: "Allow",
      Action: LOG_DESTRUCTION_ACTIONS,
      Resource: `${bucket}/*`,
    },
    {
      Sid: "ArchiveGuardrailChanges",
      Effect: "Allow",
      Action: GUARDRAIL_CHANGE_ACTIONS,
      Resource: bucket,
    },
    {
      Sid: "ArchiveInspection",
      Effect: "Allow",
      Action: [
        "s3:GetBucketObjectLockConfiguration",
        "s3:GetBucketPolicy",
        "s3:GetBucketVersioning",
        "s3:GetEncryptionConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:GetObjectLegalHold",
        "s3:GetObjectRetention",
        "s3:ListBucket",
        "s3:ListBucketVersions",
      ],
      Resource: [bucket, `${bucket}/*`],
    },
    {
      Sid: "ArchiveKeyEmergencyChanges",
      Effect: "Allow",
      Action: BREAK_GLASS_KEY_ACTIONS,
      Resource: a.archiveKeyArn,
    },
  ]);
}

/**
 * CloudWatch Logs filter pattern over CloudTrail records that catches any use of the role: the
 * AssumeRole call that starts a session (logged by STS with the role ARN in its request), and
 * every call made with such a session (its session issuer is the role).
 */
export function breakGlassUsePattern(roleArn: string): string {
  return (
    `{ (($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRole") && ` +
    `($.requestParameters.roleArn = "${roleArn}")) || ` +
    `($.userIdentity.sessionContext.sessionIssuer.arn = "${roleArn}") }`
  );
}
