/**
 * The CloudTrail events each CIS AWS Foundations v3.0.0 monitoring recommendation (4.1–4.15)
 * asks a metric filter to match, and the matching Security Hub control. A filter covers a
 * recommendation when its pattern mentions every term, once whitespace and double quotes are
 * removed; so `{ ($.eventName = "CreateTrail") || … }` and `{($.eventName=CreateTrail)||…}` match alike.
 */
export interface CisMonitoringControl {
  /** CIS recommendation number, e.g. `4.3`. */
  cis: string;
  /** Security Hub control, when one exists. */
  securityHub?: string;
  /** What the alarm watches. */
  title: string;
  /** Terms the filter pattern must contain. */
  terms: string[];
}

const events = (...names: string[]) => names.map((n) => `$.eventName=${n}`);

export const CIS_MONITORING_CONTROLS: readonly CisMonitoringControl[] = [
  {
    cis: "4.1",
    securityHub: "CloudWatch.2",
    title: "unauthorized API calls",
    terms: ["$.errorCode=*UnauthorizedOperation", "$.errorCode=AccessDenied*"],
  },
  {
    cis: "4.2",
    securityHub: "CloudWatch.3",
    title: "console sign-in without MFA",
    terms: ["$.eventName=ConsoleLogin", "$.additionalEventData.MFAUsed!=Yes"],
  },
  {
    cis: "4.3",
    securityHub: "CloudWatch.1",
    title: "root user activity",
    terms: [
      "$.userIdentity.type=Root",
      "$.userIdentity.invokedByNOTEXISTS",
      "$.eventType!=AwsServiceEvent",
    ],
  },
  {
    cis: "4.4",
    securityHub: "CloudWatch.4",
    title: "IAM policy changes",
    terms: events(
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
      "AttachRolePolicy",
      "DetachRolePolicy",
      "AttachUserPolicy",
      "DetachUserPolicy",
      "AttachGroupPolicy",
      "DetachGroupPolicy",
    ),
  },
  {
    cis: "4.5",
    securityHub: "CloudWatch.5",
    title: "CloudTrail configuration changes",
    terms: events("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"),
  },
  {
    cis: "4.6",
    securityHub: "CloudWatch.6",
    title: "console authentication failures",
    terms: ["$.eventName=ConsoleLogin", "$.errorMessage=Failedauthentication"],
  },
  {
    cis: "4.7",
    securityHub: "CloudWatch.7",
    title: "disabling or scheduled deletion of customer managed keys",
    terms: ["$.eventSource=kms.amazonaws.com", ...events("DisableKey", "ScheduleKeyDeletion")],
  },
  {
    cis: "4.8",
    securityHub: "CloudWatch.8",
    title: "S3 bucket policy changes",
    terms: [
      "$.eventSource=s3.amazonaws.com",
      ...events(
        "PutBucketAcl",
        "PutBucketPolicy",
        "PutBucketCors",
        "PutBucketLifecycle",
        "PutBucketReplication",
        "DeleteBucketPolicy",
        "DeleteBucketCors",
        "DeleteBucketLifecycle",
        "DeleteBucketReplication",
      ),
    ],
  },
  {
    cis: "4.9",
    securityHub: "CloudWatch.9",
    title: "AWS Config configuration changes",
    terms: [
      "$.eventSource=config.amazonaws.com",
      ...events(
        "StopConfigurationRecorder",
        "DeleteDeliveryChannel",
        "PutDeliveryChannel",
        "PutConfigurationRecorder",
      ),
    ],
  },
  {
    cis: "4.10",
    securityHub: "CloudWatch.10",
    title: "security group changes",
    terms: events(
      "AuthorizeSecurityGroupIngress",
      "AuthorizeSecurityGroupEgress",
      "RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress",
      "CreateSecurityGroup",
      "DeleteSecurityGroup",
    ),
  },
  {
    cis: "4.11",
    securityHub: "CloudWatch.11",
    title: "network ACL changes",
    terms: events(
      "CreateNetworkAcl",
      "CreateNetworkAclEntry",
      "DeleteNetworkAcl",
      "DeleteNetworkAclEntry",
      "ReplaceNetworkAclEntry",
      "ReplaceNetworkAclAssociation",
    ),
  },
  {
    cis: "4.12",
    securityHub: "CloudWatch.12",
    title: "network gateway changes",
    terms: events(
      "CreateCustomerGateway",
      "DeleteCustomerGateway",
      "AttachInternetGateway",
      "CreateInternetGateway",
      "DeleteInternetGateway",
      "DetachInternetGateway",
    ),
  },
  {
    cis: "4.13",
    securityHub: "CloudWatch.13",
    title: "route table changes",
    terms: [
      "$.eventSource=ec2.amazonaws.com",
      ...events(
        "CreateRoute",
        "CreateRouteTable",
        "ReplaceRoute",
        "ReplaceRouteTableAssociation",
        "DeleteRouteTable",
        "DeleteRoute",
        "DisassociateRouteTable",
      ),
    ],
  },
  {
    cis: "4.14",
    securityHub: "CloudWatch.14",
    title: "VPC changes",
    terms: events(
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
    ),
  },
  {
    cis: "4.15",
    title: "AWS Organizations changes",
    terms: [
      "$.eventSource=organizations.amazonaws.com",
      ...events(
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
      ),
    ],
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True when a metric filter pattern contains every term of the control. */
export function patternCovers(pattern: string, control: CisMonitoringControl): boolean {
  const compact = pattern.replace(/\s+/g, "").replace(/"/g, "");
  // A term must end where the pattern's token ends, so CreateRoute is not found in CreateRouteTable.
  return control.terms.every((term) =>
    new RegExp(`${escapeRegExp(term)}(?![A-Za-z0-9_])`).test(compact),
  );
}
