import { Partition, PolicyDocument, PolicyStatement, policyDocument } from "../../core";

/** Tag the EMR v2 managed service policy requires on every VPC resource it may touch. */
export const EMR_MANAGED_TAG = { "for-use-with-amazon-emr-managed-policies": "true" } as const;

/** AWS's least-privilege EMR service policy for release 5.32+/6.x/7.x (scoped by {@link EMR_MANAGED_TAG}). */
export const EMR_SERVICE_POLICY_V2 = (partition: Partition): string =>
  `arn:${partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2`;

/** Trust: EMR acting for clusters of this account only. */
export function emrServiceTrustPolicy(
  partition: Partition,
  region: string,
  accountId: string,
): PolicyDocument {
  return policyDocument([
    {
      Sid: "EmrAssume",
      Effect: "Allow",
      Principal: { Service: "elasticmapreduce.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:${partition}:elasticmapreduce:${region}:${accountId}:*` },
      },
    },
  ]);
}

/** Trust: EC2 instances of this account (the cluster nodes, through the instance profile). */
export function ec2TrustPolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "Ec2Assume",
      Effect: "Allow",
      Principal: { Service: "ec2.amazonaws.com" },
      Action: "sts:AssumeRole",
      // EC2 does not document sending aws:SourceAccount for instance profiles, so the
      // account is checked only when present rather than locking the nodes out.
      Condition: { StringEqualsIfExists: { "aws:SourceAccount": accountId } },
    },
  ]);
}

const KEY_USE = [
  "kms:Decrypt",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
  "kms:ReEncrypt*",
  "kms:DescribeKey",
];

/**
 * What the EMR service role needs beyond the managed v2 policy: pass the node role to EC2 and
 * let EBS encrypt the nodes' volumes with the analytics key (grants only for AWS resources).
 */
export function emrServiceExtraPolicy(instanceRoleArn: string, keyArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "PassNodeRoleToEc2",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: instanceRoleArn,
      Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
    },
    { Sid: "EbsEncryptionKeyUse", Effect: "Allow", Action: KEY_USE, Resource: keyArn },
    {
      Sid: "EbsEncryptionGrants",
      Effect: "Allow",
      Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      Resource: keyArn,
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  ]);
}

/** Where the nodes read and write. Bucket names, not ARNs. */
export interface EmrInstancePolicyArgs {
  partition: Partition;
  region: string;
  accountId: string;
  /** The central archive (log-archive account): raw CloudTrail, VPC flow and CloudWatch exports. */
  archiveBucket: string;
  /** The archive's key: decrypt through S3 only. */
  archiveKeyArn: string;
  /** Home-Region service-log buckets (ELB, Redshift audit, S3 access logs; SSE-S3). */
  serviceLogBuckets: string[];
  /** The lake: `parsed/`, `rejects/`, `runs/` and the clusters' `emr-logs/`. */
  lakeBucket: string;
  /** The artifacts bucket: the job bundle and the connector jar. */
  artifactsBucket: string;
  /** The analytics key (lake SSE-KMS, local disks). */
  analyticsKeyArn: string;
  /** The OpenSearch domain the indexing step writes to. */
  domainArn: string;
  /** The Glue database of the lake's tables: the job registers the partitions it writes. */
  catalogDatabase: string;
}

/**
 * What Spark's Hive client for the Glue Data Catalog calls to add partitions to an existing
 * table (`ALTER TABLE … ADD IF NOT EXISTS PARTITION`): read the database and table, read and
 * create partitions. No table or database changes.
 */
export const GLUE_PARTITION_ACTIONS = [
  "glue:GetDatabase",
  "glue:GetTable",
  "glue:GetPartition",
  "glue:GetPartitions",
  "glue:BatchGetPartition",
  "glue:CreatePartition",
  "glue:BatchCreatePartition",
] as const;

/** Prefixes of the lake the job writes (dynamic partition overwrite also deletes there). */
export const LAKE_WRITE_PREFIXES = ["parsed/", "rejects/", "runs/"] as const;
/** Prefix of the lake the clusters' logUri points at. */
export const EMR_LOG_PREFIX = "emr-logs/";

/**
 * The cluster nodes' role: read the raw prefixes, write only the lake's output prefixes and its
 * emr-logs/, read the artifacts, use the two keys through S3, add partitions to the lake's
 * Glue tables, index into the one domain.
 * No `s3:*`, and no write on `Resource: "*"`.
 */
export function emrInstancePolicy(a: EmrInstancePolicyArgs): PolicyDocument {
  const s3 = (bucket: string, key = "") => `arn:${a.partition}:s3:::${bucket}${key}`;
  const lake = (prefix: string) => s3(a.lakeBucket, `/${prefix}*`);
  const statements: PolicyStatement[] = [
    {
      Sid: "ListSourcesAndLake",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:GetBucketLocation"],
      Resource: [a.archiveBucket, ...a.serviceLogBuckets, a.lakeBucket, a.artifactsBucket].map(
        (b) => s3(b),
      ),
    },
    {
      Sid: "ReadRawLogs",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: [
        s3(a.archiveBucket, "/AWSLogs/*"),
        s3(a.archiveBucket, "/cloudwatch/*"),
        ...a.serviceLogBuckets.map((b) => s3(b, "/*")),
        lake(EMR_LOG_PREFIX),
      ],
    },
    {
      Sid: "ReadArtifacts",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: [s3(a.artifactsBucket, "/spark/*"), s3(a.artifactsBucket, "/jars/*")],
    },
    {
      Sid: "WriteLakeOutputs",
      Effect: "Allow",
      Action: [
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
      ],
      Resource: LAKE_WRITE_PREFIXES.map(lake),
    },
    {
      Sid: "WriteClusterLogs",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
      Resource: lake(EMR_LOG_PREFIX),
    },
    {
      Sid: "DecryptArchiveThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: a.archiveKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } },
    },
    { Sid: "UseAnalyticsKey", Effect: "Allow", Action: KEY_USE, Resource: a.analyticsKeyArn },
    {
      Sid: "DescribeOwnClusters",
      Effect: "Allow",
      Action: [
        "elasticmapreduce:DescribeCluster",
        "elasticmapreduce:ListBootstrapActions",
        "elasticmapreduce:ListInstanceGroups",
        "elasticmapreduce:ListInstances",
        "elasticmapreduce:ListSteps",
      ],
      Resource: `arn:${a.partition}:elasticmapreduce:${a.region}:${a.accountId}:cluster/*`,
    },
    {
      Sid: "RegisterLakePartitions",
      Effect: "Allow",
      Action: [...GLUE_PARTITION_ACTIONS],
      Resource: [
        `arn:${a.partition}:glue:${a.region}:${a.accountId}:catalog`,
        `arn:${a.partition}:glue:${a.region}:${a.accountId}:database/${a.catalogDatabase}`,
        `arn:${a.partition}:glue:${a.region}:${a.accountId}:table/${a.catalogDatabase}/*`,
      ],
    },
    {
      Sid: "IndexHotSubset",
      Effect: "Allow",
      Action: ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
      Resource: `${a.domainArn}/*`,
    },
  ];
  return policyDocument(statements);
}

/**
 * The EMR security configuration: SSE-KMS for EMRFS writes, KMS-keyed local disk encryption
 * including EBS volumes, and IMDSv2 only. In-transit TLS is off: it needs a PEM certificate
 * bundle the platform does not manage, and node traffic stays inside private subnets.
 */
export function emrSecurityConfiguration(keyArn: string): Record<string, unknown> {
  return {
    EncryptionConfiguration: {
      EnableInTransitEncryption: false,
      EnableAtRestEncryption: true,
      AtRestEncryptionConfiguration: {
        S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: keyArn },
        LocalDiskEncryptionConfiguration: {
          EncryptionKeyProviderType: "AwsKms",
          AwsKmsKey: keyArn,
          EnableEbsEncryption: true,
        },
      },
    },
    InstanceMetadataServiceConfiguration: {
      MinimumInstanceMetadataServiceVersion: 2,
      HttpPutResponseHopLimit: 1,
    },
  };
}
