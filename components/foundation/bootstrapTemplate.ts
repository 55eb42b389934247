import { Partition, PolicyDocument, policyDocument } from "../core";

/**
 * The CloudFormation template the bootstrap StackSet deploys into every account of its OUs:
 * the deployment role, trusted only by the platform's deploying principals. Pure, so the
 * template AWS receives is tested as data.
 */

/** Inputs of {@link bootstrapTemplate}. */
export interface BootstrapTemplateArgs {
  partition: Partition;
  /** The organization the deploying principals must belong to. */
  organizationId: string;
  /** Role or user ARNs that run `pulumi up`: the only principals the role trusts. */
  deployPrincipalArns: readonly string[];
  /** The session name every provider of the platform uses (`DEPLOY_SESSION_NAME`). */
  sessionName: string;
  /** Name of the role to create. */
  roleName: string;
  /**
   * The platform's core accounts (management, log-archive, audit): their role may build the
   * archive, the trail and the analytics; every other account's role only the member baseline.
   */
  coreAccountIds: readonly string[];
  /** IAM role-name patterns the platform creates (`<stem>-*`, `<analytics prefix><stem>-*`, …). */
  platformRolePatterns: readonly string[];
  /** Tags of the role. */
  tags: Readonly<Record<string, string>>;
}

/** A CloudFormation template, as the StackSet's `templateBody` carries it (JSON). */
export interface CloudFormationTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Description: string; Value: unknown }>;
}

/** Whether an IAM name matches a `*` pattern, as IAM matches resource names. */
export function iamNameMatches(pattern: string, name: string): boolean {
  const parts = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`).test(name);
}

/** Logical id of the condition true in the core accounts. */
export const CORE_ACCOUNT_CONDITION = "IsPlatformCoreAccount";

/** The AWS managed policy the core accounts' role carries: everything but IAM and Organizations. */
export const CORE_MANAGED_POLICY = "PowerUserAccess";

/**
 * Trust of the deployment role: only the named principals, only from this organization, only
 * in a session named as the platform's providers name theirs (so a console session of the same
 * principal cannot use it).
 * @throws Error when no principal is named.
 */
export function deployRoleTrustPolicy(
  deployPrincipalArns: readonly string[],
  organizationId: string,
  sessionName: string,
): PolicyDocument {
  if (deployPrincipalArns.length === 0) {
    throw new Error("deployPrincipalArns: must name at least one principal");
  }
  return policyDocument([
    {
      Sid: "PlatformDeployerAssume",
      Effect: "Allow",
      Principal: {
        AWS: deployPrincipalArns.length === 1 ? deployPrincipalArns[0] : [...deployPrincipalArns],
      },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: {
          "aws:PrincipalOrgID": organizationId,
          "sts:RoleSessionName": sessionName,
        },
      },
    },
  ]);
}

/**
 * What the member stacks declare in every account: the account's S3 public-access block, the
 * CloudWatch Logs sender role and account-level subscription policy, VPC flow logs to the
 * archive, and Redshift audit logging of existing clusters.
 */
export function memberDeployPolicy(
  partition: Partition,
  platformRolePatterns: readonly string[],
): PolicyDocument {
  const roles = platformRolePatterns.map((p) => `arn:${partition}:iam::*:role/${p}`);
  return policyDocument([
    {
      Sid: "Identity",
      Effect: "Allow",
      Action: "sts:GetCallerIdentity",
      Resource: "*",
    },
    {
      Sid: "AccountPublicAccessBlock",
      Effect: "Allow",
      Action: ["s3:GetAccountPublicAccessBlock", "s3:PutAccountPublicAccessBlock"],
      Resource: "*",
    },
    {
      Sid: "PlatformRoles",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListRolePolicies",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      Resource: roles,
    },
    {
      Sid: "PassPlatformRolesToLogs",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: roles,
      Condition: { StringEquals: { "iam:PassedToService": "logs.amazonaws.com" } },
    },
    {
      Sid: "SubscriptionPolicyAndFlowLogs",
      Effect: "Allow",
      Action: [
        "ec2:CreateFlowLogs",
        "ec2:CreateTags",
        "ec2:DeleteFlowLogs",
        "ec2:DeleteTags",
        "ec2:DescribeFlowLogs",
        "ec2:DescribeVpcs",
        "logs:CreateLogDelivery",
        "logs:DeleteAccountPolicy",
        "logs:DeleteLogDelivery",
        "logs:DescribeAccountPolicies",
        "logs:GetLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutAccountPolicy",
        "logs:PutSubscriptionFilter",
      ],
      // Account policies, flow-log creation and vended-log delivery take no resource ARNs.
      Resource: "*",
    },
    {
      Sid: "RedshiftAuditLogging",
      Effect: "Allow",
      Action: [
        "redshift:CreateClusterParameterGroup",
        "redshift:CreateTags",
        "redshift:DeleteClusterParameterGroup",
        "redshift:DeleteTags",
        "redshift:DescribeClusterParameterGroups",
        "redshift:DescribeClusterParameters",
        "redshift:DescribeClusters",
        "redshift:DescribeLoggingStatus",
        "redshift:DescribeTags",
        "redshift:DisableLogging",
        "redshift:EnableLogging",
        "redshift:ModifyCluster",
        "redshift:ModifyClusterParameterGroup",
        "redshift-serverless:GetNamespace",
        "redshift-serverless:ListTagsForResource",
        "redshift-serverless:UpdateNamespace",
      ],
      Resource: "*",
    },
  ]);
}

/**
 * What the core accounts' role needs beyond PowerUserAccess: IAM on the platform's own role
 * names only (never on the deployment role itself), passing them to the services that use them,
 * service-linked roles, and reading the organization.
 */
export function coreDeployPolicy(
  partition: Partition,
  platformRolePatterns: readonly string[],
): PolicyDocument {
  const roles = platformRolePatterns.map((p) => `arn:${partition}:iam::*:role/${p}`);
  const profiles = platformRolePatterns.map((p) => `arn:${partition}:iam::*:instance-profile/${p}`);
  return policyDocument([
    {
      Sid: "PlatformRolesAndProfiles",
      Effect: "Allow",
      Action: [
        "iam:AddRoleToInstanceProfile",
        "iam:AttachRolePolicy",
        "iam:CreateInstanceProfile",
        "iam:CreateRole",
        "iam:DeleteInstanceProfile",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:GetInstanceProfile",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListRolePolicies",
        "iam:PassRole",
        "iam:PutRolePolicy",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:TagInstanceProfile",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      Resource: [...roles, ...profiles],
    },
    {
      Sid: "ReadOrganization",
      Effect: "Allow",
      Action: [
        "organizations:DescribeOrganization",
        "organizations:ListAWSServiceAccessForOrganization",
        "organizations:ListAccounts",
        "organizations:ListAccountsForParent",
        "organizations:ListOrganizationalUnitsForParent",
        "organizations:ListRoots",
      ],
      Resource: "*",
    },
  ]);
}

/**
 * The template: one `AWS::IAM::Role` whose permissions depend on the account it lands in
 * (core accounts: PowerUserAccess plus the platform's IAM; members: the member baseline only),
 * sessions of at most an hour.
 * @throws Error when a list the template needs is empty.
 */
export function bootstrapTemplate(a: BootstrapTemplateArgs): CloudFormationTemplate {
  if (a.coreAccountIds.length < 2) {
    throw new Error("coreAccountIds: must list the platform's core accounts (at least two)");
  }
  if (a.platformRolePatterns.length === 0) {
    throw new Error("platformRolePatterns: must list at least one role-name pattern");
  }
  const own = a.platformRolePatterns.find((p) => iamNameMatches(p, a.roleName));
  if (own !== undefined) {
    throw new Error(
      `platformRolePatterns: "${own}" matches the deployment role "${a.roleName}", which would ` +
        "let the role rewrite its own trust; rename one of them",
    );
  }
  const trust = deployRoleTrustPolicy(a.deployPrincipalArns, a.organizationId, a.sessionName);
  const noValue = { Ref: "AWS::NoValue" };
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Deployment role ${a.roleName} of the logging platform (managed by its bootstrap StackSet)`,
    Conditions: {
      [CORE_ACCOUNT_CONDITION]: {
        "Fn::Or": a.coreAccountIds.map((id) => ({ "Fn::Equals": [{ Ref: "AWS::AccountId" }, id] })),
      },
    },
    Resources: {
      DeployRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: a.roleName,
          Description: "Assumed by the logging platform's deployments (pulumi up) only",
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: trust,
          ManagedPolicyArns: {
            "Fn::If": [
              CORE_ACCOUNT_CONDITION,
              [`arn:${a.partition}:iam::aws:policy/${CORE_MANAGED_POLICY}`],
              noValue,
            ],
          },
          Policies: [
            {
              PolicyName: "member-baseline",
              PolicyDocument: memberDeployPolicy(a.partition, a.platformRolePatterns),
            },
            {
              "Fn::If": [
                CORE_ACCOUNT_CONDITION,
                {
                  PolicyName: "platform-core",
                  PolicyDocument: coreDeployPolicy(a.partition, a.platformRolePatterns),
                },
                noValue,
              ],
            },
          ],
          Tags: Object.entries(a.tags).map(([Key, Value]) => ({ Key, Value })),
        },
      },
    },
    Outputs: {
      DeployRoleArn: {
        Description: "The deployment role the platform's providers assume",
        Value: { "Fn::GetAtt": ["DeployRole", "Arn"] },
      },
    },
  };
}
