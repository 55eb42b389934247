import { Partition, PolicyDocument, arns, policyDocument } from "../../core";

/** The OpenSearch log types the domain publishes (all four). */
export const SEARCH_LOG_TYPES = [
  "AUDIT_LOGS",
  "ES_APPLICATION_LOGS",
  "INDEX_SLOW_LOGS",
  "SEARCH_SLOW_LOGS",
] as const;
export type SearchLogType = (typeof SEARCH_LOG_TYPES)[number];

/** OpenSearch domain names: 3-28 of a-z, 0-9, -, starting with a letter. */
export function domainNameProblem(name: string): string | undefined {
  return /^[a-z][a-z0-9-]{2,27}$/.test(name)
    ? undefined
    : `domain name "${name}" must be 3-28 of a-z, 0-9 and -, starting with a letter (shorten namePrefix)`;
}

/** Inputs of {@link domainAccessPolicy}. */
export interface DomainAccessPolicyArgs {
  partition: Partition;
  accountId: string;
  domainArn: string;
  /** Roles (names or `*` patterns) of the account allowed to send HTTP requests. */
  roleNames: string[];
}

/**
 * Resource policy of the domain: only the named roles of the audit account reach its HTTP API;
 * fine-grained access control then decides what each may do inside.
 */
export function domainAccessPolicy(a: DomainAccessPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "AnalyticsRolesHttp",
      Effect: "Allow",
      Principal: { AWS: arns.accountRoot(a.partition, a.accountId) },
      Action: ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"],
      Resource: `${a.domainArn}/*`,
      Condition: {
        ArnLike: {
          "aws:PrincipalArn": a.roleNames.map((n) => arns.role(a.partition, a.accountId, n)),
        },
      },
    },
  ]);
}

/**
 * CloudWatch Logs resource policy letting OpenSearch write only into this domain's log groups,
 * only for this domain (confused-deputy protection with aws:SourceAccount and aws:SourceArn).
 */
export function searchLogResourcePolicy(
  accountId: string,
  domainArn: string,
  logGroupArns: string[],
): PolicyDocument {
  return policyDocument([
    {
      Sid: "OpenSearchPublishDomainLogs",
      Effect: "Allow",
      Principal: { Service: "es.amazonaws.com" },
      Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
      Resource: logGroupArns.map((arn) => `${arn}:*`),
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": domainArn },
      },
    },
  ]);
}

/**
 * Trust of the fine-grained-access master role: only the named roles of the audit account
 * (`analytics.search.adminRoleNames`), each by its exact ARN. Trusting the account alone would
 * let any principal whose IAM policy allows sts:AssumeRole administer the domain.
 * @throws Error when no role is named (the role would be trusted by nobody, or by everyone).
 */
export function searchAdminTrustPolicy(
  partition: Partition,
  accountId: string,
  adminRoleNames: readonly string[],
): PolicyDocument {
  if (adminRoleNames.length === 0) {
    throw new Error("the OpenSearch master role needs at least one admin role to trust");
  }
  return policyDocument([
    {
      Sid: "NamedAdminRolesAssume",
      Effect: "Allow",
      Principal: { AWS: arns.accountRoot(partition, accountId) },
      Action: "sts:AssumeRole",
      Condition: {
        ArnEquals: {
          "aws:PrincipalArn": adminRoleNames.map((n) => arns.role(partition, accountId, n)),
        },
      },
    },
  ]);
}

/** Index patterns of the hot subset (spark/logparse/search_index.py writes daily indices). */
export const HOT_INDEX_PATTERNS = ["logs-cloudtrail-*", "logs-alb-*", "logs-emr-logs-*"];

/**
 * Index State Management policy that deletes hot-subset indices `hotDays` after creation
 * (Athena keeps the full history), attached automatically to new indices of the patterns.
 * Applied with `PUT _plugins/_ism/policies/logs-hot-retention` (see docs/analytics.md).
 */
export function hotRetentionPolicy(hotDays: number): Record<string, unknown> {
  if (!Number.isInteger(hotDays) || hotDays < 1) {
    throw new Error(`hotDays ${hotDays} must be a whole number of days, at least 1`);
  }
  return {
    policy: {
      description: `Delete hot-subset indices ${hotDays} days after creation`,
      default_state: "hot",
      states: [
        {
          name: "hot",
          actions: [],
          transitions: [{ state_name: "delete", conditions: { min_index_age: `${hotDays}d` } }],
        },
        { name: "delete", actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: HOT_INDEX_PATTERNS, priority: 100 }],
    },
  };
}

/** Trust of the setup function's role: Lambda, for functions of this account only. */
export function searchSetupTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "LambdaAssume",
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Inputs of {@link searchSetupPolicy}. */
export interface SearchSetupPolicyArgs {
  /** The domain's fine-grained-access master role, the only role the function assumes. */
  adminRoleArn: string;
  /** The function's own log group. */
  logGroupArn: string;
}

/**
 * The setup function's role: assume the master role (which alone may change the security
 * plugin), write its own log group, and manage the network interfaces a VPC function needs
 * (EC2's interface actions take no resource ARNs).
 */
export function searchSetupPolicy(a: SearchSetupPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "AssumeSearchMasterRole",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: a.adminRoleArn,
    },
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${a.logGroupArn}:*`,
    },
    {
      Sid: "VpcNetworkInterfaces",
      Effect: "Allow",
      Action: [
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
        "ec2:UnassignPrivateIpAddresses",
      ],
      Resource: "*",
    },
  ]);
}
