import { Partition, PolicyDocument, arns, logKeyPolicy, policyDocument } from "../core";

/** Inputs of {@link analyticsKeyPolicy}. */
export interface AnalyticsKeyPolicyArgs {
  partition: Partition;
  region: string;
  /** The audit account that owns the key. */
  accountId: string;
  /** Log-group path the key may encrypt for CloudWatch Logs (`/<prefix>/<env>/`). */
  logGroupPath: string;
}

/** Key use the account's own IAM policies may grant (the roles' policies name this key). */
export const ANALYTICS_KEY_USE_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
  "kms:ReEncrypt*",
];

/**
 * Key policy of the audit account's analytics key (lake, artifacts, Athena results, EMR local
 * disks, state machine, OpenSearch at rest, log groups): administration and CloudWatch Logs as
 * for every platform log key, plus key use and AWS-resource grants for principals of this
 * account only, so each role's own policy decides who actually uses it.
 */
export function analyticsKeyPolicy(a: AnalyticsKeyPolicyArgs): PolicyDocument {
  const base = logKeyPolicy({
    partition: a.partition,
    region: a.region,
    keyAccountId: a.accountId,
    logGroupPath: a.logGroupPath,
    alarmTopics: false,
    eventDataStores: false,
  });
  return policyDocument([
    ...base.Statement,
    {
      Sid: "AccountPrincipalsUseThroughIam",
      Effect: "Allow",
      Principal: { AWS: arns.accountRoot(a.partition, a.accountId) },
      Action: ANALYTICS_KEY_USE_ACTIONS,
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": a.accountId } },
    },
    {
      Sid: "AccountPrincipalsGrantToAwsResources",
      Effect: "Allow",
      Principal: { AWS: arns.accountRoot(a.partition, a.accountId) },
      Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": a.accountId },
        Bool: { "kms:GrantIsForAWSResource": "true" },
      },
    },
  ]);
}
