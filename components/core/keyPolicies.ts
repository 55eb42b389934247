import { arns } from "./naming";
import { Partition } from "./regions";
import { PolicyDocument, PolicyStatement, policyDocument } from "./policyDocument";
import { RoleGrant, grantedPrincipals } from "./roleGrants";

/**
 * Key administration without use: the account may manage, rotate, tag and schedule deletion of
 * the key, but encrypt/decrypt rights exist only in the scoped statements below. Rotation cannot
 * be switched off through this grant.
 */
export const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

function keyAdministration(
  partition: Partition,
  accountId: string,
  actions: readonly string[] = KEY_ADMIN_ACTIONS,
): PolicyStatement {
  return {
    Sid: "KeyAdministration",
    Effect: "Allow",
    Principal: { AWS: arns.accountRoot(partition, accountId) },
    Action: [...actions],
    Resource: "*",
  };
}

/**
 * Key actions that can make everything encrypted under the archive key unreadable (disable,
 * schedule deletion), rewrite who may use it (the key policy) or hand out its use (grants).
 * On the archive key only the break-glass role may take them, and the deployment role may
 * update the policy it deploys.
 */
export const ARCHIVE_KEY_GUARDED_ACTIONS = [
  "kms:CreateGrant",
  "kms:DisableKey",
  "kms:PutKeyPolicy",
  "kms:RetireGrant",
  "kms:RevokeGrant",
  "kms:ScheduleKeyDeletion",
];

/** What the account's administrators keep on the archive key: everything not guarded. */
export const ARCHIVE_KEY_ADMIN_ACTIONS = KEY_ADMIN_ACTIONS.filter(
  (a) => !ARCHIVE_KEY_GUARDED_ACTIONS.includes(a),
);

/**
 * The archive key's guarded actions: allowed to the break-glass role (all) and the deployment
 * role (the policy update every deployment makes; KMS also requires the creator of a key to be
 * allowed kms:PutKeyPolicy by its policy), denied to everyone else however their IAM policies
 * read, so an administrator of the log-archive account cannot make the archive unreadable.
 */
function archiveKeyGuards(a: ArchiveKeyPolicyArgs): PolicyStatement[] {
  const root = arns.accountRoot(a.partition, a.keyAccountId);
  const breakGlass = arns.role(a.partition, a.keyAccountId, a.breakGlassRoleName);
  const deployRole = arns.role(a.partition, a.keyAccountId, a.deployRoleName);
  const policyUpdate = ["kms:PutKeyPolicy"];
  const destructive = ARCHIVE_KEY_GUARDED_ACTIONS.filter((x) => !policyUpdate.includes(x));
  return [
    {
      Sid: "BreakGlassGuardedKeyActions",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: ARCHIVE_KEY_GUARDED_ACTIONS,
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": breakGlass } },
    },
    {
      Sid: "DeploymentUpdatesKeyPolicy",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: policyUpdate,
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": deployRole } },
    },
    {
      Sid: "DenyKeyDestructionExceptBreakGlass",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: destructive,
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": breakGlass } },
    },
    {
      Sid: "DenyKeyPolicyChangesExceptBreakGlassAndDeployment",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: policyUpdate,
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [breakGlass, deployRole] } },
    },
  ];
}

/** Inputs of {@link archiveKeyPolicy}. */
export interface ArchiveKeyPolicyArgs {
  partition: Partition;
  /** Region of the key (and of the archive bucket). */
  region: string;
  /** The log-archive account that owns the key. */
  keyAccountId: string;
  /** The organization whose accounts deliver logs. */
  organizationId: string;
  /** The management account that owns the organization trail. */
  managementAccountId: string;
  /** ARN of the organization trail: the only trail that may encrypt with the key. */
  trailArn: string;
  /** The audit/analytics account whose reader roles may decrypt. */
  readerAccountId: string;
  /** Reader role names (or `*` patterns) in the audit account. */
  readerRoleNames: string[];
  /** The only role of the key's account that may disable, delete or re-grant the key. */
  breakGlassRoleName: string;
  /** The role deployments assume in the key's account: it may update the key policy. */
  deployRoleName: string;
  /**
   * Roles of the key's own account that write into the archive through S3 (such as the
   * Firehose of CloudWatch Logs centralization). Default: none.
   */
  writerRoleNames?: string[];
}

/**
 * Key policy of the archive key: CloudTrail may encrypt only for the organization trail, VPC
 * flow-log delivery only for this organization's accounts, only the analytics reader roles may
 * decrypt (through S3), and only the break-glass role may disable, delete or re-grant the key.
 */
export function archiveKeyPolicy(a: ArchiveKeyPolicyArgs): PolicyDocument {
  const readers = a.readerRoleNames.map((n) => arns.role(a.partition, a.readerAccountId, n));
  return policyDocument([
    keyAdministration(a.partition, a.keyAccountId, ARCHIVE_KEY_ADMIN_ACTIONS),
    ...archiveKeyGuards(a),
    {
      Sid: "CloudTrailEncryptOrganizationTrail",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": a.trailArn },
        StringLike: {
          "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${a.partition}:cloudtrail:*:${a.managementAccountId}:trail/*`,
        },
      },
    },
    {
      Sid: "CloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": a.trailArn } },
    },
    {
      Sid: "FlowLogDeliveryFromOrganization",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:DescribeKey",
      ],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceOrgID": a.organizationId } },
    },
    {
      Sid: "AnalyticsReadersDecryptThroughS3",
      Effect: "Allow",
      Principal: { AWS: arns.accountRoot(a.partition, a.readerAccountId) },
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: "*",
      Condition: {
        ArnLike: { "aws:PrincipalArn": readers },
        StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` },
      },
    },
    ...archiveWriters(a),
  ]);
}

/**
 * The archive's default encryption makes every PutObject use the key, so platform writers need
 * it too; granted to the account with the roles named, since a key policy naming a role that
 * does not exist yet is rejected.
 */
function archiveWriters(a: ArchiveKeyPolicyArgs): PolicyStatement[] {
  const writers = a.writerRoleNames ?? [];
  if (writers.length === 0) return [];
  return [
    {
      Sid: "PlatformWritersEncryptThroughS3",
      Effect: "Allow",
      Principal: { AWS: arns.accountRoot(a.partition, a.keyAccountId) },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        ArnEquals: {
          "aws:PrincipalArn": writers.map((n) => arns.role(a.partition, a.keyAccountId, n)),
        },
        StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` },
      },
    },
  ];
}

/** Inputs of {@link logKeyPolicy}. */
export interface LogKeyPolicyArgs {
  partition: Partition;
  /** Region of the key (and of the log groups, topic and event data store it encrypts). */
  region: string;
  /** The account that owns the key. */
  keyAccountId: string;
  /** Log-group name prefix (like `/logplat/prod/`) the key may encrypt; nothing else. */
  logGroupPath: string;
  /** Let CloudWatch alarms publish to topics encrypted with the key. */
  alarmTopics: boolean;
  /**
   * Accounts whose CloudWatch alarms publish to those topics (alarms of the log-archive and
   * audit accounts notify the management account's topic). Default: the key's own account.
   */
  alarmAccountIds?: readonly string[];
  /** Let CloudTrail Lake event data stores of this account use the key. */
  eventDataStores: boolean;
  /**
   * Roles (exact names, any account) that publish to topics encrypted with the key; they may
   * use it only through SNS in the key's Region. Default: none.
   */
  topicPublishers?: readonly RoleGrant[];
}

/**
 * Key policy of a log key: CloudWatch Logs may use it only for the platform's log groups
 * (bound by the `aws:logs:arn` encryption context), CloudWatch alarms only to publish to this
 * account's encrypted topics, granted publisher roles only through SNS, CloudTrail Lake only for
 * this account's event data stores.
 * @throws Error when a publisher grant names a bad account id or role name.
 */
export function logKeyPolicy(a: LogKeyPolicyArgs): PolicyDocument {
  const statements: PolicyStatement[] = [
    keyAdministration(a.partition, a.keyAccountId),
    {
      Sid: "CloudWatchLogsPlatformLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${a.region}.amazonaws.com` },
      Action: [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:DescribeKey",
      ],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": `${arns.logGroup(a.partition, a.region, a.keyAccountId, a.logGroupPath)}*`,
        },
        // The encryption context is what binds the key to our log groups; CloudWatch Logs does
        // not document sending aws:SourceAccount, so it is checked only when present.
        StringEqualsIfExists: { "aws:SourceAccount": a.keyAccountId },
      },
    },
  ];
  if (a.alarmTopics) {
    statements.push({
      Sid: "CloudWatchAlarmsPublishEncrypted",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: alarmSourceCondition(a.partition, a.region, a.alarmAccountIds ?? [a.keyAccountId]),
    });
  }
  if (a.topicPublishers !== undefined && a.topicPublishers.length > 0) {
    // SNS encrypts each message with the caller's own credentials, so a publisher needs the key.
    const publishers = grantedPrincipals(a.partition, a.topicPublishers, "topicPublishers", false);
    statements.push({
      Sid: "TopicPublishersEncryptThroughSns",
      Effect: "Allow",
      Principal: publishers.Principal,
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        ...publishers.Condition,
        StringEquals: { "kms:ViaService": `sns.${a.region}.amazonaws.com` },
      },
    });
  }
  if (a.eventDataStores) {
    statements.push({
      Sid: "CloudTrailLakeEventDataStores",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
      Resource: "*",
      Condition: {
        ArnLike: {
          "aws:SourceArn": `arn:${a.partition}:cloudtrail:${a.region}:${a.keyAccountId}:eventdatastore/*`,
        },
      },
    });
    statements.push({
      Sid: "CloudTrailLakeQueries",
      Effect: "Allow",
      Principal: { AWS: arns.accountRoot(a.partition, a.keyAccountId) },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": `cloudtrail.${a.region}.amazonaws.com` } },
    });
  }
  return policyDocument(statements);
}

/**
 * The condition admitting CloudWatch alarms of `accountIds` in `region` only: `aws:SourceAccount`
 * and `aws:SourceArn` (plain strings for one account, lists for several).
 * @throws Error when no account is given or an id is not 12 digits.
 */
export function alarmSourceCondition(
  partition: Partition,
  region: string,
  accountIds: readonly string[],
): Record<string, Record<string, string | string[]>> {
  if (accountIds.length === 0) throw new Error("alarmAccountIds: must list at least one account");
  const bad = accountIds.find((id) => !/^\d{12}$/.test(id));
  if (bad !== undefined) {
    throw new Error(`alarmAccountIds: ${JSON.stringify(bad)} is not a 12-digit AWS account id`);
  }
  const ids = [...new Set(accountIds)];
  const alarms = ids.map((id) => `arn:${partition}:cloudwatch:${region}:${id}:alarm:*`);
  return {
    StringEquals: { "aws:SourceAccount": ids.length === 1 ? ids[0] : ids },
    ArnLike: { "aws:SourceArn": alarms.length === 1 ? alarms[0] : alarms },
  };
}
