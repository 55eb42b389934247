import { SERVER_ACCESS_LOG_PREFIX, arns } from "./naming";
import { Partition } from "./regions";
import {
  PolicyDocument,
  PolicyStatement,
  denyInsecureTransport,
  policyDocument,
} from "./policyDocument";
import { RoleGrant, grantedPrincipals } from "./roleGrants";

/**
 * For a service-log bucket: the granted roles (of other accounts, such as the analytics
 * readers) may list and read the logs, and nothing else.
 * @throws Error when a grant names a bad account id or role name.
 */
export function serviceLogReadStatement(
  partition: Partition,
  bucketName: string,
  readers: readonly RoleGrant[],
): PolicyStatement {
  const bucket = arns.bucket(partition, bucketName);
  return {
    Sid: "ServiceLogReadersRead",
    Effect: "Allow",
    ...grantedPrincipals(partition, readers, "serviceLogReaders", true),
    Action: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
    Resource: [bucket, `${bucket}/*`],
  };
}

function readersOf(
  partition: Partition,
  bucketName: string,
  readers: readonly RoleGrant[] | undefined,
): PolicyStatement[] {
  return readers === undefined || readers.length === 0
    ? []
    : [serviceLogReadStatement(partition, bucketName, readers)];
}

/** Inputs of {@link accessLogBucketPolicy}. */
export interface AccessLogBucketPolicyArgs {
  partition: Partition;
  bucketName: string;
  /** The account whose buckets log here (server access logging stays within one account). */
  sourceAccountId: string;
  /** Bucket-name prefix of the buckets allowed to log here. */
  sourceBucketPrefix: string;
  /** Roles that may list and read the access logs. Default: none. */
  readers?: readonly RoleGrant[];
}

/**
 * Policy of a server-access-log bucket: TLS only; S3 log delivery only from our own buckets and
 * only under the platform's access-log prefix; the granted readers may read.
 */
export function accessLogBucketPolicy(a: AccessLogBucketPolicyArgs): PolicyDocument {
  const bucket = arns.bucket(a.partition, a.bucketName);
  return policyDocument([
    denyInsecureTransport(bucket),
    {
      Sid: "S3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucket}/${SERVER_ACCESS_LOG_PREFIX}*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": a.sourceAccountId },
        ArnLike: { "aws:SourceArn": `arn:${a.partition}:s3:::${a.sourceBucketPrefix}*` },
      },
    },
    ...readersOf(a.partition, a.bucketName, a.readers),
  ]);
}

/**
 * Accounts Elastic Load Balancing writes access logs from in Regions opened before August 2022;
 * newer Regions use the `logdelivery.elasticloadbalancing.amazonaws.com` service principal.
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
};

/** Inputs of {@link elbLogBucketPolicy}. */
export interface ElbLogBucketPolicyArgs {
  partition: Partition;
  bucketName: string;
  region: string;
  organizationId: string;
  /** Roles that may list and read the logs. Default: none. */
  readers?: readonly RoleGrant[];
}

/**
 * Policy of a regional ELB access-log bucket: TLS only; ELB log delivery may write under
 * `AWSLogs/` (each load balancer writes under `AWSLogs/<its account>/`); the granted readers may
 * read. The service principal of newer Regions writes only on behalf of this organization
 * (`aws:SourceOrgID`), so onboarding an account changes nothing here. In Regions opened before
 * August 2022, ELB writes as a regional AWS account that carries no source condition: that
 * grant cannot be scoped to the organization, only to the prefix.
 */
export function elbLogBucketPolicy(a: ElbLogBucketPolicyArgs): PolicyDocument {
  const bucket = arns.bucket(a.partition, a.bucketName);
  const logs = `${bucket}/AWSLogs/*`;
  const statements: PolicyStatement[] = [
    denyInsecureTransport(bucket),
    {
      Sid: "ElbLogDeliveryService",
      Effect: "Allow",
      Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: logs,
      Condition: { StringEquals: { "aws:SourceOrgID": a.organizationId } },
    },
  ];
  const legacyAccount = ELB_LOG_DELIVERY_ACCOUNTS[a.region];
  if (legacyAccount !== undefined) {
    statements.push({
      Sid: "ElbLogDeliveryRegionalAccount",
      Effect: "Allow",
      Principal: { AWS: arns.accountRoot(a.partition, legacyAccount) },
      Action: "s3:PutObject",
      Resource: logs,
    });
  }
  statements.push(...readersOf(a.partition, a.bucketName, a.readers));
  return policyDocument(statements);
}

/** Inputs of {@link redshiftAuditBucketPolicy}. */
export interface RedshiftAuditBucketPolicyArgs {
  partition: Partition;
  bucketName: string;
  region: string;
  organizationId: string;
  /** Roles that may list and read the logs. Default: none. */
  readers?: readonly RoleGrant[];
}

/**
 * Policy of a regional Redshift audit-log bucket: TLS only; Redshift may check the ACL and put
 * objects only for clusters of this organization in this Region; the granted readers may read.
 */
export function redshiftAuditBucketPolicy(a: RedshiftAuditBucketPolicyArgs): PolicyDocument {
  const bucket = arns.bucket(a.partition, a.bucketName);
  const scope = {
    StringEquals: { "aws:SourceOrgID": a.organizationId },
    ArnLike: { "aws:SourceArn": `arn:${a.partition}:redshift:${a.region}:*:cluster:*` },
  };
  return policyDocument([
    denyInsecureTransport(bucket),
    {
      Sid: "RedshiftAuditAclCheck",
      Effect: "Allow",
      Principal: { Service: "redshift.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucket,
      Condition: scope,
    },
    {
      Sid: "RedshiftAuditWrite",
      Effect: "Allow",
      Principal: { Service: "redshift.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucket}/*`,
      Condition: scope,
    },
    ...readersOf(a.partition, a.bucketName, a.readers),
  ]);
}
