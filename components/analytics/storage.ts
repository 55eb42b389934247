import * as pulumi from "@pulumi/pulumi";
import { RetentionConfig } from "../config";
import {
  ACCESS_LOG_ARCHIVE,
  LOG_ROLE_TAG,
  LogKey,
  LogLifecyclePlan,
  SecureBucket,
  accessLogBucketPolicy,
  arns,
  denyInsecureTransport,
  BUILT_IN_EXEMPTIONS_EXPIRE,
  exemptionTags,
  policyDocument,
} from "../core";
import { PlatformAccounts } from "../foundation";
import { analyticsKeyPolicy } from "./keyPolicy";

/** Args of {@link AnalyticsStorage}. */
export interface AnalyticsStorageArgs {
  /** The account registry (audit provider, naming, tags). Required. */
  accounts: PlatformAccounts;
  /** Retention of the lake (same plan as the archive) and of access logs. Required. */
  retention: RetentionConfig;
  /** Days Athena query results are kept. Required. */
  resultRetentionDays: number;
  /** Protect and retain the key (prod). Default: false. */
  protect?: boolean;
}

/**
 * The audit account's storage for analytics: a KMS key, the parsed-log lake (also the EMR
 * logUri), the artifacts bucket (job bundle, connector jar), the Athena results bucket and the
 * access-log bucket the three log to (S3 access logging stays within one account and Region).
 */
export class AnalyticsStorage extends pulumi.ComponentResource {
  readonly key: LogKey;
  readonly lake: SecureBucket;
  readonly lakeBucketName: string;
  readonly artifacts: SecureBucket;
  readonly artifactsBucketName: string;
  readonly results: SecureBucket;
  readonly resultsBucketName: string;

  constructor(name: string, args: AnalyticsStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:analytics:AnalyticsStorage", name, {}, opts);
    const { accounts, retention } = args;
    const account = accounts.audit;
    const region = accounts.homeRegion;
    const naming = accounts.naming;
    const partition = accounts.partition;
    const provider = accounts.provider(account);
    const protect = args.protect ?? false;

    this.key = new LogKey(
      `${name}-key`,
      {
        provider,
        description: `Analytics data of ${naming.stem}: lake, artifacts, query results, EMR disks, search`,
        alias: naming.keyAlias("analytics"),
        policy: analyticsKeyPolicy({
          partition,
          region,
          accountId: account.id,
          logGroupPath: naming.logGroupPath,
        }),
        tags: accounts.logTags,
        protect,
      },
      { parent: this },
    );

    const accessLogName = naming.bucket("s3-access", account.id, region);
    const accessLogs = new SecureBucket(
      `${name}-s3-access`,
      {
        provider,
        bucketName: accessLogName,
        encryption: { kind: "s3" },
        policy: accessLogBucketPolicy({
          partition,
          bucketName: accessLogName,
          sourceAccountId: account.id,
          sourceBucketPrefix: `${naming.stem}-`,
        }),
        lifecycle: {
          transitionDays: ACCESS_LOG_ARCHIVE.transitionDays,
          storageClass: ACCESS_LOG_ARCHIVE.storageClass,
          expirationDays: retention.accessLogDays,
          noncurrentDays: retention.noncurrentDays,
        },
        tags: {
          ...accounts.logTags,
          [LOG_ROLE_TAG]: "s3-access-logs",
          ...exemptionTags(
            "s3-encryption",
            "S3 server access logging delivers only to SSE-S3 buckets without Object Lock",
            BUILT_IN_EXEMPTIONS_EXPIRE,
          ),
        },
      },
      { parent: this },
    );
    const bucket = (kind: string, lifecycle: LogLifecyclePlan, tags: Record<string, string>) => {
      const bucketName = naming.bucket(kind, account.id);
      const bucketArn = arns.bucket(partition, bucketName);
      return new SecureBucket(
        `${name}-${kind}`,
        {
          provider,
          bucketName,
          encryption: { kind: "kms", keyArn: this.key.arn },
          policy: policyDocument([denyInsecureTransport(bucketArn)]),
          lifecycle,
          accessLogs: { targetBucket: accessLogs.bucketName },
          tags,
        },
        { parent: this },
      );
    };

    this.lakeBucketName = naming.bucket("lake", account.id);
    this.lake = bucket(
      "lake",
      {
        transitionDays: retention.hotDays,
        storageClass: retention.archiveStorageClass,
        expirationDays: retention.archiveDays,
        noncurrentDays: retention.noncurrentDays,
      },
      { ...accounts.logTags, [LOG_ROLE_TAG]: "parsed-log-lake" },
    );
    this.artifactsBucketName = naming.bucket("artifacts", account.id);
    // Keys carry a content hash and stay current while deployed, so they must not expire early;
    // Glacier IR still serves them to spark-submit without a restore.
    this.artifacts = bucket(
      "artifacts",
      {
        transitionDays: 90,
        storageClass: "GLACIER_IR",
        expirationDays: 3650,
        noncurrentDays: 30,
      },
      { ...accounts.tags, [LOG_ROLE_TAG]: "spark-artifacts" },
    );
    this.resultsBucketName = naming.bucket("athena-results", account.id);
    this.results = bucket(
      "athena-results",
      {
        transitionDays: 0,
        storageClass: "INTELLIGENT_TIERING",
        expirationDays: args.resultRetentionDays,
        noncurrentDays: 1,
      },
      {
        ...accounts.logTags,
        [LOG_ROLE_TAG]: "athena-results",
        ...exemptionTags(
          "s3-lifecycle",
          "Athena query results are re-creatable and expire within days: shorter than the minimum storage duration of any archive class",
          BUILT_IN_EXEMPTIONS_EXPIRE,
        ),
      },
    );
    this.registerOutputs({
      keyArn: this.key.arn,
      lakeBucketName: this.lakeBucketName,
      artifactsBucketName: this.artifactsBucketName,
      resultsBucketName: this.resultsBucketName,
    });
  }
}
