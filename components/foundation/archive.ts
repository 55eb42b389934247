import * as pulumi from "@pulumi/pulumi";
import { RetentionConfig } from "../config";
import {
  ACCESS_LOG_ARCHIVE,
  LOG_ROLE_TAG,
  LogKey,
  LogLifecyclePlan,
  RoleGrant,
  SecureBucket,
  accessLogBucketPolicy,
  archiveBucketPolicy,
  archiveKeyPolicy,
  arns,
  elbLogBucketPolicy,
  BUILT_IN_EXEMPTIONS_EXPIRE,
  exemptionTags,
  redshiftAuditBucketPolicy,
} from "../core";
import { PlatformAccounts } from "./accounts";

/** The pack's KMS requirement does not apply where the delivering service supports only SSE-S3. */
const sseS3Waiver = (reason: string) =>
  exemptionTags("s3-encryption", reason, BUILT_IN_EXEMPTIONS_EXPIRE);

/** Why the archive, which holds the trail's logs, does not use MFA delete. */
const MFA_DELETE_WAIVER =
  "Object Lock retention protects every version - MFA delete needs the root user and forbids lifecycle rules";

/** Args of {@link LogArchive}. */
export interface LogArchiveArgs {
  /** The account registry (providers, naming, tags). Required. */
  accounts: PlatformAccounts;
  /** ARN of the organization trail allowed to deliver and encrypt. Required. */
  trailArn: string;
  /** Retention section of the config. Required. */
  retention: RetentionConfig;
  /** Reader role names or patterns in the audit account. Required. */
  readerRoleNames: string[];
  /** Break-glass role in the log-archive account. Required. */
  breakGlassRoleName: string;
  /** Roles of the log-archive account that write into the archive through S3. Default: none. */
  writerRoleNames?: string[];
  /**
   * Roles (of any account) that may list and read the home Region's ELB, Redshift and
   * access-log buckets. Default: none.
   */
  serviceLogReaders?: readonly RoleGrant[];
  /** Protect and retain the archive bucket and key (prod). Default: false. */
  protect?: boolean;
}

/** Physical names of one Region's buckets, known before they exist. */
export interface RegionalBucketNames {
  accessLogs: string;
  elbLogs: string;
  redshiftAudit: string;
}

/** Per-region buckets of the log-archive account. */
export interface RegionalBuckets {
  /** Server access logs of every bucket in the Region (SSE-S3, no Object Lock). */
  accessLogs: SecureBucket;
  /** ELB access logs (SSE-S3: the only encryption ELB log delivery supports). */
  elbLogs: SecureBucket;
  /** Redshift audit logs (SSE-S3: the only encryption Redshift audit logging supports). */
  redshiftAudit: SecureBucket;
}

/**
 * The log-archive account's storage: the central, KMS-encrypted, Object-Locked archive bucket
 * in the home Region and, in every governed Region, the access-log bucket plus the SSE-S3
 * buckets for services that cannot deliver to a KMS-encrypted bucket.
 */
export class LogArchive extends pulumi.ComponentResource {
  /** The archive key (log-archive account, home Region). */
  readonly key: LogKey;
  /** The central archive bucket. */
  readonly archive: SecureBucket;
  /** Buckets per governed Region. */
  readonly regional: Readonly<Record<string, RegionalBuckets>>;
  /** Their names per governed Region, as plain strings. */
  readonly regionalBucketNames: Readonly<Record<string, RegionalBucketNames>>;
  /** The archive bucket's name. */
  readonly archiveBucketName: string;
  /** The archive bucket's ARN. */
  readonly archiveBucketArn: string;

  constructor(name: string, args: LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:archive:LogArchive", name, {}, opts);
    const { accounts, retention } = args;
    const protect = args.protect ?? false;
    const account = accounts.logArchive;
    const naming = accounts.naming;
    const home = accounts.homeRegion;

    this.key = new LogKey(
      `${name}-key`,
      {
        provider: accounts.provider(account),
        description: `Central log archive (${naming.stem}): organization trail and log delivery`,
        alias: naming.keyAlias("archive"),
        policy: archiveKeyPolicy({
          partition: accounts.partition,
          region: home,
          keyAccountId: account.id,
          organizationId: accounts.organizationId,
          managementAccountId: accounts.management.id,
          trailArn: args.trailArn,
          readerAccountId: accounts.audit.id,
          readerRoleNames: args.readerRoleNames,
          writerRoleNames: args.writerRoleNames,
          breakGlassRoleName: args.breakGlassRoleName,
          deployRoleName: account.roleName,
        }),
        tags: accounts.logTags,
        protect,
      },
      { parent: this },
    );

    const logRetention: LogLifecyclePlan = {
      transitionDays: retention.hotDays,
      storageClass: retention.archiveStorageClass,
      expirationDays: retention.archiveDays,
      noncurrentDays: retention.noncurrentDays,
    };
    const ownBucketPrefix = `${naming.stem}-`;
    const regional: Record<string, RegionalBuckets> = {};
    const regionalNames: Record<string, RegionalBucketNames> = {};
    for (const region of accounts.governedRegions) {
      const provider = accounts.provider(account);
      // Only the home Region's logs are processed centrally; other Regions stay unread.
      const readers = region === home ? args.serviceLogReaders : undefined;
      const accessLogName = naming.bucket("s3-access", account.id, region);
      const accessLogs = new SecureBucket(
        `${name}-s3-access-${region}`,
        {
          provider,
          region,
          bucketName: accessLogName,
          encryption: { kind: "s3" },
          policy: accessLogBucketPolicy({
            partition: accounts.partition,
            bucketName: accessLogName,
            sourceAccountId: account.id,
            sourceBucketPrefix: ownBucketPrefix,
            readers,
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
            ...sseS3Waiver(
              "S3 server access logging delivers only to SSE-S3 buckets without Object Lock",
            ),
          },
        },
        { parent: this },
      );

      const elbName = naming.bucket("elb", account.id, region);
      const elbLogs = new SecureBucket(
        `${name}-elb-${region}`,
        {
          provider,
          region,
          bucketName: elbName,
          encryption: { kind: "s3" },
          policy: elbLogBucketPolicy({
            partition: accounts.partition,
            bucketName: elbName,
            region,
            organizationId: accounts.organizationId,
            readers,
          }),
          lifecycle: logRetention,
          accessLogs: { targetBucket: accessLogs.bucketName },
          tags: {
            ...accounts.logTags,
            [LOG_ROLE_TAG]: "elb-access-logs",
            ...sseS3Waiver(
              "Elastic Load Balancing access logs support only SSE-S3 on the target bucket",
            ),
          },
        },
        { parent: this },
      );

      const redshiftName = naming.bucket("redshift", account.id, region);
      const redshiftAudit = new SecureBucket(
        `${name}-redshift-${region}`,
        {
          provider,
          region,
          bucketName: redshiftName,
          encryption: { kind: "s3" },
          policy: redshiftAuditBucketPolicy({
            partition: accounts.partition,
            bucketName: redshiftName,
            region,
            organizationId: accounts.organizationId,
            readers,
          }),
          lifecycle: logRetention,
          accessLogs: { targetBucket: accessLogs.bucketName },
          tags: {
            ...accounts.logTags,
            [LOG_ROLE_TAG]: "redshift-audit-logs",
            ...sseS3Waiver("Redshift audit logging to S3 supports only SSE-S3 AES-256 buckets"),
          },
        },
        { parent: this },
      );
      regional[region] = { accessLogs, elbLogs, redshiftAudit };
      regionalNames[region] = {
        accessLogs: accessLogName,
        elbLogs: elbName,
        redshiftAudit: redshiftName,
      };
    }
    this.regional = regional;
    this.regionalBucketNames = regionalNames;

    this.archiveBucketName = naming.bucket("archive", account.id);
    this.archiveBucketArn = arns.bucket(accounts.partition, this.archiveBucketName);
    this.archive = new SecureBucket(
      `${name}-archive`,
      {
        provider: accounts.provider(account),
        bucketName: this.archiveBucketName,
        encryption: { kind: "kms", keyArn: this.key.arn },
        policy: archiveBucketPolicy({
          partition: accounts.partition,
          bucketName: this.archiveBucketName,
          organizationId: accounts.organizationId,
          managementAccountId: accounts.management.id,
          trailArn: args.trailArn,
          bucketAccountId: account.id,
          deployRoleName: account.roleName,
          breakGlassRoleName: args.breakGlassRoleName,
          readerAccountId: accounts.audit.id,
          readerRoleNames: args.readerRoleNames,
        }),
        lifecycle: logRetention,
        accessLogs: { targetBucket: regional[home].accessLogs.bucketName },
        objectLock: { mode: retention.objectLock.mode, days: retention.objectLock.days },
        tags: {
          ...accounts.logTags,
          [LOG_ROLE_TAG]: "log-archive",
          ...exemptionTags(
            "cloudtrail-bucket-mfa-delete",
            MFA_DELETE_WAIVER,
            BUILT_IN_EXEMPTIONS_EXPIRE,
          ),
          ...(retention.objectLock.waiverReason === undefined
            ? {}
            : exemptionTags(
                "s3-log-archive-object-lock",
                retention.objectLock.waiverReason,
                retention.objectLock.waiverExpires ?? "",
              )),
        },
        protect,
      },
      { parent: this },
    );

    this.registerOutputs({
      archiveBucketName: this.archiveBucketName,
      archiveBucketArn: this.archiveBucketArn,
      archiveKeyArn: this.key.arn,
    });
  }
}
