import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LogLifecyclePlan, logLifecycleRules } from "./lifecycle";
import { SERVER_ACCESS_LOG_PREFIX } from "./naming";
import { PolicyDocument } from "./policyDocument";

/** Default encryption of a bucket. */
export type BucketEncryption =
  | { kind: "kms"; keyArn: pulumi.Input<string> }
  /** SSE-S3: only for buckets a service can deliver to in no other way. */
  | { kind: "s3" };

/** Args of {@link SecureBucket}. */
export interface SecureBucketArgs {
  /** Provider of the owning account. Required. */
  provider: aws.Provider;
  /** Region of the bucket and its configuration. Default: the provider's Region. */
  region?: string;
  /** Physical bucket name (from PlatformNaming.bucket). Required. */
  bucketName: string;
  /** Default encryption. Required: no default, so SSE-S3 is always a visible choice. */
  encryption: BucketEncryption;
  /** Bucket policy (TLS-only deny plus grants), from a builder in bucketPolicies.ts. Required. */
  policy: PolicyDocument;
  /** Lifecycle plan. Required: every platform bucket holds logs that must expire. */
  lifecycle: LogLifecyclePlan;
  /**
   * Server access log destination bucket. Logs land under {@link SERVER_ACCESS_LOG_PREFIX} in
   * S3's date-partitioned layout, the one layout the Spark `s3access` parser reads. Default:
   * none, which is allowed only for an access-log bucket itself (S3 cannot log a log target
   * into itself).
   */
  accessLogs?: { targetBucket: pulumi.Input<string> };
  /** Object Lock default retention. Default: no Object Lock (it cannot be added later). */
  objectLock?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number };
  /** Tags on the bucket. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
  /** Protect and retain the bucket (prod). Default: false. */
  protect?: boolean;
}

/**
 * An S3 bucket hardened as the controls require: ACLs disabled, all public access blocked,
 * default encryption, versioning, lifecycle, server access logging, a TLS-only policy and,
 * for archives, Object Lock with default retention.
 */
export class SecureBucket extends pulumi.ComponentResource {
  /** The bucket name. */
  readonly bucketName: pulumi.Output<string>;
  /** The bucket ARN. */
  readonly arn: pulumi.Output<string>;
  /** The bucket policy, for `dependsOn` of services that validate it on setup. */
  readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:s3:SecureBucket", name, {}, opts);
    const protect = args.protect ?? false;
    const child = { parent: this, provider: args.provider };
    const region = args.region;

    const bucket = new aws.s3.Bucket(
      name,
      {
        region: args.region,
        bucket: args.bucketName,
        objectLockEnabled: args.objectLock !== undefined,
        forceDestroy: false,
        tags: args.tags,
      },
      { ...child, protect, retainOnDelete: protect },
    );
    const ownership = new aws.s3.BucketOwnershipControls(
      name,
      { region, bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      name,
      {
        region,
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        region,
        bucket: bucket.id,
        rules: [
          args.encryption.kind === "kms"
            ? {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms",
                  kmsMasterKeyId: args.encryption.keyArn,
                },
                bucketKeyEnabled: true,
              }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      child,
    );
    const versioning = new aws.s3.BucketVersioning(
      name,
      { region, bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      child,
    );
    if (args.objectLock) {
      new aws.s3.BucketObjectLockConfiguration(
        name,
        {
          region,
          bucket: bucket.id,
          objectLockEnabled: "Enabled",
          rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.days } },
        },
        { ...child, dependsOn: [versioning] },
      );
    }
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        region,
        bucket: bucket.id,
        transitionDefaultMinimumObjectSize: "all_storage_classes_128K",
        rules: logLifecycleRules(args.lifecycle),
      },
      { ...child, dependsOn: [versioning] },
    );
    if (args.accessLogs) {
      new aws.s3.BucketLogging(
        name,
        {
          region,
          bucket: bucket.id,
          targetBucket: args.accessLogs.targetBucket,
          targetPrefix: SERVER_ACCESS_LOG_PREFIX,
          // Account, Region and source bucket in the key, so one prefix serves every bucket.
          targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
        },
        child,
      );
    }
    this.policy = new aws.s3.BucketPolicy(
      name,
      { region, bucket: bucket.id, policy: JSON.stringify(args.policy) },
      { ...child, dependsOn: [publicAccess, ownership] },
    );

    this.bucketName = bucket.bucket;
    this.arn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }
}
