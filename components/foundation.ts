import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformAccounts } from "./accounts";
import { CisAlarms } from "./cisAlarms";
import { OrganizationEventDataStore } from "./cloudTrailLake";
import { PlatformConfig } from "./config";
import { logKeyPolicy } from "./keyPolicies";
import { LogArchive } from "./logArchive";
import { LogKey } from "./logKey";
import { arns } from "./naming";
import { OrganizationTrail } from "./orgTrail";

/** What the foundation gives every later capability (analytics, EMR, search, member baselines). */
export interface Foundation {
  /** Providers per (account, Region), naming and tags. */
  accounts: PlatformAccounts;
  /** Central archive: bucket, key and per-Region service log buckets. */
  archive: LogArchive;
  /** Name of the central archive bucket. */
  archiveBucketName: string;
  /** ARN of the central archive bucket. */
  archiveBucketArn: string;
  /** Key of the archive (log-archive account, home Region). */
  archiveKey: LogKey;
  /** Key for CloudWatch Logs, SNS and CloudTrail Lake in the management account's home Region. */
  managementLogKey: LogKey;
  /** The organization trail and its log group. */
  trail: OrganizationTrail;
  /** The alarm topic every platform alarm should notify. */
  alarmTopic: aws.sns.Topic;
  /** The CloudTrail Lake event data store, when `features.cloudTrailLake` is on. */
  eventDataStore?: OrganizationEventDataStore;
}

/** What later capabilities need the foundation to allow up front. */
export interface FoundationOptions {
  /** Roles of the log-archive account that write into the archive (its key must admit them). */
  archiveWriterRoleNames?: string[];
}

/**
 * Declares the foundation: accounts and providers, the central log archive, the organization
 * trail with its CIS alarms, and (opt-in) the CloudTrail Lake event data store.
 */
export function buildFoundation(
  config: PlatformConfig,
  options: FoundationOptions = {},
): Foundation {
  const accounts = new PlatformAccounts("accounts", config);
  const { naming, partition, homeRegion, management } = accounts;
  const protect = config.protectResources;
  const trailName = naming.resource("org-trail");
  const trailArn = arns.trail(partition, homeRegion, management.id, trailName);
  const managementProvider = accounts.provider(management, homeRegion);

  const archive = new LogArchive("log-archive", {
    accounts,
    trailArn,
    retention: config.retention,
    readerRoleNames: config.accounts.audit.readerRoleNames,
    breakGlassRoleName: config.accounts.logArchive.breakGlassRoleName,
    writerRoleNames: options.archiveWriterRoleNames,
    protect,
  });

  const managementLogKey = new LogKey("management-logs-key", {
    provider: managementProvider,
    description: `Log groups, alarm topic and CloudTrail Lake of ${naming.stem}`,
    alias: naming.keyAlias("logs"),
    policy: logKeyPolicy({
      partition,
      region: homeRegion,
      keyAccountId: management.id,
      logGroupPath: naming.logGroupPath,
      alarmTopics: true,
      eventDataStores: config.features.cloudTrailLake,
    }),
    tags: accounts.logTags,
    protect,
  });

  const trail = new OrganizationTrail("org-trail", {
    provider: managementProvider,
    trailName,
    accountId: management.id,
    bucketName: archive.archive.bucketName,
    bucketArn: archive.archiveBucketArn,
    kmsKeyArn: archive.key.arn,
    logGroupName: naming.logGroup("cloudtrail", "organization"),
    logGroupKmsKeyArn: managementLogKey.arn,
    logGroupRetentionDays: config.retention.cloudWatchDays,
    dataEvents: config.features.dataEvents,
    insights: config.features.insights,
    tags: accounts.logTags,
    protect,
    dependsOn: [archive.archive.policy, archive.key.key],
  });

  const alarms = new CisAlarms("cis-alarms", {
    provider: managementProvider,
    accountId: management.id,
    region: homeRegion,
    partition,
    logGroupName: trail.logGroupName,
    topicName: naming.resource("security-alarms"),
    topicKmsKeyArn: managementLogKey.arn,
    emails: config.alarmEmails,
    metricNamespace: `${naming.stem}/CISBenchmark`,
    alarmPrefix: naming.stem,
    tags: accounts.tags,
  });

  const eventDataStore = config.features.cloudTrailLake
    ? new OrganizationEventDataStore("org-event-data-store", {
        provider: managementProvider,
        storeName: naming.resource("org-events"),
        kmsKeyArn: managementLogKey.arn,
        retentionDays: config.cloudTrailLake.retentionDays,
        billingMode: config.cloudTrailLake.billingMode,
        terminationProtection: config.cloudTrailLake.terminationProtection,
        tags: accounts.logTags,
        protect,
      })
    : undefined;

  return {
    accounts,
    archive,
    archiveBucketName: archive.archiveBucketName,
    archiveBucketArn: archive.archiveBucketArn,
    archiveKey: archive.key,
    managementLogKey,
    trail,
    alarmTopic: alarms.topic,
    eventDataStore,
  };
}

/** Stack outputs of the foundation. */
export function foundationOutputs(f: Foundation): Record<string, pulumi.Input<unknown>> {
  const outputs: Record<string, pulumi.Input<unknown>> = {
    archiveBucketName: f.archiveBucketName,
    archiveBucketArn: f.archiveBucketArn,
    archiveKeyArn: f.archiveKey.arn,
    managementLogKeyArn: f.managementLogKey.arn,
    trailArn: f.trail.trail.arn,
    trailLogGroupName: f.trail.logGroupName,
    alarmTopicArn: f.alarmTopic.arn,
  };
  if (f.eventDataStore) outputs["eventDataStoreArn"] = f.eventDataStore.store.arn;
  return outputs;
}
