import { arns } from "./naming";
import { Partition } from "./regions";
import {
  PolicyDocument,
  PolicyStatement,
  denyInsecureTransport,
  policyDocument,
} from "./policyDocument";

/** Inputs of {@link archiveBucketPolicy}. */
export interface ArchiveBucketPolicyArgs {
  partition: Partition;
  bucketName: string;
  organizationId: string;
  managementAccountId: string;
  /** ARN of the organization trail: the only trail allowed to deliver. */
  trailArn: string;
  /** The account owning the bucket; its deployment role may converge guardrail settings. */
  bucketAccountId: string;
  /** Role the deployment assumes in the bucket's account. */
  deployRoleName: string;
  /** The one role that may delete logs or loosen the bucket's guardrails. */
  breakGlassRoleName: string;
  readerAccountId: string;
  /** Reader role names (or `*` patterns) in the audit account. */
  readerRoleNames: string[];
}

/** Actions that destroy archived log versions or weaken their retention. */
export const LOG_DESTRUCTION_ACTIONS = [
  "s3:BypassGovernanceRetention",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:PutObjectLegalHold",
  "s3:PutObjectRetention",
];

/** Actions that change what protects the archive. */
export const GUARDRAIL_CHANGE_ACTIONS = [
  "s3:DeleteBucket",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketObjectLockConfiguration",
  "s3:PutBucketPolicy",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutLifecycleConfiguration",
];

/**
 * Policy of the central archive bucket: TLS only; CloudTrail may deliver only for the
 * organization trail with bucket-owner-full-control; VPC flow-log delivery only from this
 * organization; analytics reader roles may read; nobody but the break-glass role may delete
 * logs, and only it and the deployment role may change lifecycle, policy or lock settings.
 */
export function archiveBucketPolicy(a: ArchiveBucketPolicyArgs): PolicyDocument {
  const bucket = arns.bucket(a.partition, a.bucketName);
  const breakGlass = arns.role(a.partition, a.bucketAccountId, a.breakGlassRoleName);
  const deployRole = arns.role(a.partition, a.bucketAccountId, a.deployRoleName);
  return policyDocument([
    denyInsecureTransport(bucket),
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucket,
      Condition: { StringEquals: { "aws:SourceArn": a.trailArn } },
    },
    {
      Sid: "CloudTrailOrganizationTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: [
        `${bucket}/AWSLogs/${a.managementAccountId}/*`,
        `${bucket}/AWSLogs/${a.organizationId}/*`,
      ],
      Condition: {
        StringEquals: {
          "s3:x-amz-acl": "bucket-owner-full-control",
          "aws:SourceArn": a.trailArn,
        },
      },
    },
    {
      Sid: "LogDeliveryAclCheck",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: bucket,
      Condition: { StringEquals: { "aws:SourceOrgID": a.organizationId } },
    },
    {
      Sid: "LogDeliveryWriteFromOrganization",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucket}/AWSLogs/*`,
      Condition: {
        StringEquals: {
          "s3:x-amz-acl": "bucket-owner-full-control",
          "aws:SourceOrgID": a.organizationId,
        },
      },
    },
    readerAccess(a.partition, bucket, a.readerAccountId, a.readerRoleNames),
    {
      Sid: "DenyLogDestructionExceptBreakGlass",
      Effect: "Deny",
      Principal: "*",
      Action: LOG_DESTRUCTION_ACTIONS,
      Resource: `${bucket}/*`,
      Condition: { ArnNotLike: { "aws:PrincipalArn": breakGlass } },
    },
    {
      Sid: "DenyGuardrailChangesExceptBreakGlassAndDeployment",
      Effect: "Deny",
      Principal: "*",
      Action: GUARDRAIL_CHANGE_ACTIONS,
      Resource: bucket,
      Condition: { ArnNotLike: { "aws:PrincipalArn": [breakGlass, deployRole] } },
    },
  ]);
}

function readerAccess(
  partition: Partition,
  bucket: string,
  readerAccountId: string,
  readerRoleNames: string[],
): PolicyStatement {
  return {
    Sid: "AnalyticsReadersRead",
    Effect: "Allow",
    Principal: { AWS: arns.accountRoot(partition, readerAccountId) },
    Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"],
    Resource: [bucket, `${bucket}/*`],
    Condition: {
      ArnLike: {
        "aws:PrincipalArn": readerRoleNames.map((n) => arns.role(partition, readerAccountId, n)),
      },
    },
  };
}
