import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../config";
import {
  LogKey,
  Partition,
  PlatformNaming,
  RoleGrant,
  arns,
  grantedPrincipals,
  logKeyPolicy,
  partitionOf,
} from "../core";
import { PlatformAccounts } from "./accounts";
import { LogArchive } from "./archive";
import { DeploymentRoleStackSet } from "./bootstrap";
import { BreakGlassAccess } from "./breakGlass";
import { CisAlarms } from "./cisAlarms";
import { OrganizationEventDataStore } from "./cloudTrailLake";
import { OrganizationTrail } from "./trail";

export { PlatformAccounts, providerArgs } from "./accounts";
export type { AccountRef } from "./accounts";
export { alarmTopicPolicy } from "./cisAlarms";

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
  /** The log-archive account's break-glass role and the alarm on its use. */
  breakGlass: BreakGlassAccess;
  /** The deployment-role StackSet, when `organization.bootstrap` is set. */
  bootstrap?: DeploymentRoleStackSet;
}

/**
 * What later capabilities need the foundation's resource policies to allow. Declared before the
 * foundation, from role names the capabilities fix in advance, so no policy waits for a role.
 */
export interface FoundationOptions {
  /** Roles of the log-archive account that write into the archive (its key must admit them). */
  archiveWriterRoleNames?: string[];
  /**
   * Roles that list and read the home Region's ELB, Redshift and S3-access-log buckets (role
   * names or `*` patterns). Default: none.
   */
  serviceLogReaders?: RoleGrant[];
  /**
   * Roles that publish to the alarm topic (exact names); the management log key lets them
   * encrypt through SNS. Default: none.
   */
  alarmPublishers?: RoleGrant[];
}

/** The union of several capabilities' options: every list concatenated, nothing dropped. */
export function combineFoundationOptions(...options: FoundationOptions[]): FoundationOptions {
  const all = <T>(pick: (o: FoundationOptions) => T[] | undefined): T[] | undefined => {
    const joined = options.flatMap((o) => pick(o) ?? []);
    return joined.length === 0 ? undefined : joined;
  };
  return {
    archiveWriterRoleNames: all((o) => o.archiveWriterRoleNames),
    serviceLogReaders: all((o) => o.serviceLogReaders),
    alarmPublishers: all((o) => o.alarmPublishers),
  };
}

/**
 * Declares the foundation: accounts and providers, the central log archive, the organization
 * trail with its CIS alarms, and (opt-in) the CloudTrail Lake event data store.
 */
export function buildFoundation(
  config: PlatformConfig,
  options: FoundationOptions = {},
): Foundation {
  checkGrants(partitionOf(config.regions.home), options);
  const accounts = new PlatformAccounts("accounts", config);
  const { naming, partition, homeRegion, management } = accounts;
  const protect = config.protectResources;
  const trailName = naming.resource("org-trail");
  const trailArn = arns.trail(partition, homeRegion, management.id, trailName);
  const managementProvider = accounts.provider(management);

  const archive = new LogArchive("log-archive", {
    accounts,
    trailArn,
    retention: config.retention,
    readerRoleNames: config.accounts.audit.readerRoleNames,
    breakGlassRoleName: config.accounts.logArchive.breakGlassRoleName,
    writerRoleNames: options.archiveWriterRoleNames,
    serviceLogReaders: options.serviceLogReaders,
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
      alarmAccountIds: alarmAccountIds(accounts),
      eventDataStores: config.features.cloudTrailLake,
      topicPublishers: options.alarmPublishers,
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
    publishers: options.alarmPublishers,
    alarmAccountIds: alarmAccountIds(accounts),
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

  const breakGlass = new BreakGlassAccess("break-glass", {
    accounts,
    roleName: config.accounts.logArchive.breakGlassRoleName,
    principalArns: config.accounts.logArchive.breakGlassPrincipalArns,
    archiveBucketName: archive.archiveBucketName,
    archiveKeyArn: archive.key.arn,
    trailLogGroupName: trail.logGroupName,
    alarmTopicArn: alarms.topic.arn,
    metricNamespace: `${naming.stem}/Security`,
    tags: accounts.tags,
  });

  const bootstrap = config.organization.bootstrap
    ? new DeploymentRoleStackSet("bootstrap", {
        accounts,
        bootstrap: config.organization.bootstrap,
        platformRolePatterns: platformRolePatterns(config),
        tags: accounts.tags,
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
    breakGlass,
    bootstrap,
  };
}

/**
 * The accounts whose CloudWatch alarms notify the security topic: the management account's own,
 * and the pipeline alarms of the log-archive and audit accounts (same Region, other accounts).
 */
function alarmAccountIds(accounts: PlatformAccounts): string[] {
  return [accounts.management.id, accounts.logArchive.id, accounts.audit.id];
}

/**
 * The role names the platform creates in its accounts (what the deployment role may manage):
 * `<stem>-*`, the analytics roles `<roleNamePrefix><stem>-*` and the break-glass role.
 */
export function platformRolePatterns(config: PlatformConfig): string[] {
  const naming = new PlatformNaming(config.namePrefix, config.environment);
  return [
    `${naming.stem}-*`,
    `${config.analytics.roleNamePrefix}${naming.stem}-*`,
    config.accounts.logArchive.breakGlassRoleName,
  ];
}

/**
 * Resolves every grant once before anything is declared, so a bad grant stops the program
 * instead of leaving the resources declared before it to be created.
 * @throws Error naming the option, the grant and the bad value.
 */
function checkGrants(partition: Partition, options: FoundationOptions): void {
  if (options.serviceLogReaders?.length) {
    grantedPrincipals(partition, options.serviceLogReaders, "serviceLogReaders", true);
  }
  if (options.alarmPublishers?.length) {
    grantedPrincipals(partition, options.alarmPublishers, "alarmPublishers", false);
  }
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
  outputs["breakGlassRoleArn"] = f.breakGlass.roleArn;
  if (f.bootstrap) outputs["bootstrapStackSetName"] = f.bootstrap.stackSet.name;
  return outputs;
}
