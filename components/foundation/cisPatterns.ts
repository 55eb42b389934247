/**
 * The CIS AWS Foundations Benchmark monitoring controls (section 4 in v1.4–v3.0; CloudWatch.1–14
 * in Security Hub) as CloudWatch Logs metric filter patterns over CloudTrail records.
 */
export interface CisControl {
  /** Control number, like `4.3`. */
  id: string;
  /** Metric and alarm name part, like `RootAccountUsage`. */
  metric: string;
  /** One sentence for the alarm description. */
  title: string;
  /** CloudWatch Logs filter pattern. */
  pattern: string;
}

const eventNames = (names: string[]): string =>
  names.map((n) => `($.eventName = ${n})`).join(" || ");

const fromSource = (source: string, names: string[]): string =>
  `{ ($.eventSource = ${source}) && (${eventNames(names)}) }`;

const anyOf = (names: string[]): string => `{ ${eventNames(names)} }`;

/** Every CIS 4.x metric-filter control, in benchmark order. */
export const CIS_CONTROLS: readonly CisControl[] = [
  {
    id: "4.1",
    metric: "UnauthorizedApiCalls",
    title: "API calls rejected as unauthorized or access denied",
    pattern:
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
  },
  {
    id: "4.2",
    metric: "ConsoleSignInWithoutMfa",
    title: "Successful console sign-in by an IAM user without MFA",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: "4.3",
    metric: "RootAccountUsage",
    title: "Activity by the root user",
    pattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: "4.4",
    metric: "IamPolicyChanges",
    title: "IAM policy created, changed, attached or detached",
    pattern: fromSource("iam.amazonaws.com", [
      "DeleteGroupPolicy",
      "DeleteRolePolicy",
      "DeleteUserPolicy",
      "PutGroupPolicy",
      "PutRolePolicy",
      "PutUserPolicy",
      "CreatePolicy",
      "DeletePolicy",
      "CreatePolicyVersion",
      "DeletePolicyVersion",
      "SetDefaultPolicyVersion",
      "AttachRolePolicy",
      "DetachRolePolicy",
      "AttachUserPolicy",
      "DetachUserPolicy",
      "AttachGroupPolicy",
      "DetachGroupPolicy",
    ]),
  },
  {
    id: "4.5",
    metric: "CloudTrailConfigChanges",
    title: "CloudTrail trail created, changed, deleted, started or stopped",
    pattern: anyOf(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"]),
  },
  {
    id: "4.6",
    metric: "ConsoleAuthenticationFailures",
    title: "Failed console sign-in",
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    id: "4.7",
    metric: "CmkDisabledOrScheduledForDeletion",
    title: "Customer managed KMS key disabled or scheduled for deletion",
    pattern: fromSource("kms.amazonaws.com", ["DisableKey", "ScheduleKeyDeletion"]),
  },
  {
    id: "4.8",
    metric: "S3BucketPolicyChanges",
    title: "S3 bucket ACL, policy, CORS, lifecycle or replication changed",
    pattern: fromSource("s3.amazonaws.com", [
      "PutBucketAcl",
      "PutBucketPolicy",
      "PutBucketCors",
      "PutBucketLifecycle",
      "PutBucketReplication",
      "DeleteBucketPolicy",
      "DeleteBucketCors",
      "DeleteBucketLifecycle",
      "DeleteBucketReplication",
    ]),
  },
  {
    id: "4.9",
    metric: "AwsConfigChanges",
    title: "AWS Config recorder or delivery channel stopped, deleted or changed",
    pattern: fromSource("config.amazonaws.com", [
      "StopConfigurationRecorder",
      "DeleteDeliveryChannel",
      "PutDeliveryChannel",
      "PutConfigurationRecorder",
    ]),
  },
  {
    id: "4.10",
    metric: "SecurityGroupChanges",
    title: "Security group created, deleted or its rules changed",
    pattern: anyOf([
      "AuthorizeSecurityGroupIngress",
      "AuthorizeSecurityGroupEgress",
      "RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress",
      "CreateSecurityGroup",
      "DeleteSecurityGroup",
    ]),
  },
  {
    id: "4.11",
    metric: "NetworkAclChanges",
    title: "Network ACL or its entries or associations changed",
    pattern: anyOf([
      "CreateNetworkAcl",
      "CreateNetworkAclEntry",
      "DeleteNetworkAcl",
      "DeleteNetworkAclEntry",
      "ReplaceNetworkAclEntry",
      "ReplaceNetworkAclAssociation",
    ]),
  },
  {
    id: "4.12",
    metric: "NetworkGatewayChanges",
    title: "Customer or internet gateway created, deleted, attached or detached",
    pattern: anyOf([
      "CreateCustomerGateway",
      "DeleteCustomerGateway",
      "AttachInternetGateway",
      "CreateInternetGateway",
      "DeleteInternetGateway",
      "DetachInternetGateway",
    ]),
  },
  {
    id: "4.13",
    metric: "RouteTableChanges",
    title: "Route table or route created, replaced, deleted or disassociated",
    pattern: fromSource("ec2.amazonaws.com", [
      "CreateRoute",
      "CreateRouteTable",
      "ReplaceRoute",
      "ReplaceRouteTableAssociation",
      "DeleteRouteTable",
      "DeleteRoute",
      "DisassociateRouteTable",
    ]),
  },
  {
    id: "4.14",
    metric: "VpcChanges",
    title: "VPC, VPC attribute, peering or ClassicLink changed",
    pattern: anyOf([
      "CreateVpc",
      "DeleteVpc",
      "ModifyVpcAttribute",
      "AcceptVpcPeeringConnection",
      "CreateVpcPeeringConnection",
      "DeleteVpcPeeringConnection",
      "RejectVpcPeeringConnection",
      "AttachClassicLinkVpc",
      "DetachClassicLinkVpc",
      "DisableVpcClassicLink",
      "EnableVpcClassicLink",
    ]),
  },
  {
    id: "4.15",
    metric: "OrganizationsChanges",
    title: "AWS Organizations structure, membership or policy changed",
    pattern: fromSource("organizations.amazonaws.com", [
      "AcceptHandshake",
      "AttachPolicy",
      "CancelHandshake",
      "CreateAccount",
      "CreateOrganization",
      "CreateOrganizationalUnit",
      "CreatePolicy",
      "DeclineHandshake",
      "DeleteOrganization",
      "DeleteOrganizationalUnit",
      "DeletePolicy",
      "DetachPolicy",
      "DisablePolicyType",
      "EnableAllFeatures",
      "EnablePolicyType",
      "InviteAccountToOrganization",
      "LeaveOrganization",
      "MoveAccount",
      "RemoveAccountFromOrganization",
      "UpdatePolicy",
      "UpdateOrganizationalUnit",
    ]),
  },
];
