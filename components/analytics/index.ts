import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { LogSource, PlatformConfig } from "../config";
import { arns } from "../core";
import { Foundation } from "../foundation";
import { AuditAnalytics, loadDatasetSchemas, loadQueryFiles } from "./athena";
import { EMR_LOG_PREFIX, EmrProcessing } from "./emr";
import { loadDeclaredFormats } from "./formats";
import { SavedInsightsQueries } from "./insightsQueries";
import { AnalyticsNetwork } from "./network";
import {
  LogSearch,
  SEARCH_LOG_TYPES,
  SearchSetup,
  hotRetentionPolicy,
  indexTemplates,
  loadDocumentSpec,
} from "./search";
import { AnalyticsStorage } from "./storage";

export { analyticsFoundationOptions } from "./foundationGrants";

/** The repository root: schemas/, queries/ and spark/ sit there. */
const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Names of the analytics roles the archive must trust (they match `roleNamePrefix`). */
export function analyticsRoleName(prefix: string, stem: string, kind: string): string {
  return `${prefix}${stem}-${kind}`;
}

/** What the analytics capability declares. */
export interface AnalyticsPlatform {
  storage: AnalyticsStorage;
  network: AnalyticsNetwork;
  search: LogSearch;
  processing: EmrProcessing;
  analytics: AuditAnalytics;
  searchSetup: SearchSetup;
  insights: SavedInsightsQueries;
}

/**
 * Declares processing and analytics in the audit account (home Region): storage, network,
 * OpenSearch, EMR with its scheduled state machine, Glue/Athena, and the Logs Insights queries
 * next to the organization trail's log group (management account).
 */
export function buildAnalytics(config: PlatformConfig, f: Foundation): AnalyticsPlatform {
  const { accounts } = f;
  const a = config.analytics;
  const { naming, partition, homeRegion: region } = accounts;
  const audit = accounts.audit;
  const provider = accounts.provider(audit);
  const stem = naming.stem;
  const catalogDatabase = stem.replace(/-/g, "_");
  // Read before any resource is declared: a bad declaration stops the program here.
  const formats = loadDeclaredFormats(path.join(REPO_ROOT, "formats"));

  const storage = new AnalyticsStorage("analytics-storage", {
    accounts,
    retention: config.retention,
    resultRetentionDays: a.athena.resultRetentionDays,
    protect: config.protectResources,
  });
  const network = new AnalyticsNetwork("analytics-network", {
    provider,
    region,
    cidr: a.network.cidr,
    availabilityZones: a.network.availabilityZones,
    flowLogBucketArn: f.archiveBucketArn,
    tags: accounts.tags,
  });

  const domainName = `${stem}-search`;
  const instanceRoleName = analyticsRoleName(a.roleNamePrefix, stem, "emr-instance");
  const adminRoleName = analyticsRoleName(a.roleNamePrefix, stem, "search-admin");
  const search = new LogSearch("log-search", {
    provider,
    partition,
    region,
    accountId: audit.id,
    domainName,
    settings: a.search,
    adminRoleName,
    setupRoleName: `${stem}-search-setup`,
    accessRoleNames: [...config.accounts.audit.readerRoleNames, instanceRoleName, adminRoleName],
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    vpcCidr: a.network.cidr,
    keyArn: storage.key.arn,
    logGroupNames: Object.fromEntries(
      SEARCH_LOG_TYPES.map((t) => [t, naming.logGroup("opensearch", domainName, t.toLowerCase())]),
    ) as Record<(typeof SEARCH_LOG_TYPES)[number], string>,
    logRetentionDays: config.retention.cloudWatchDays,
    tags: accounts.logTags,
  });

  // EMR runs in the home Region without internet, so it reads the home Region's buckets only;
  // they are the ones whose policies admit the readers (analyticsFoundationOptions).
  const {
    elbLogs: elb,
    redshiftAudit: redshift,
    accessLogs: s3Access,
  } = f.archive.regionalBucketNames[region];
  const archive = `s3://${f.archiveBucketName}/`;
  const inputs: Record<LogSource, string> = {
    cloudtrail: archive,
    vpcflow: archive,
    cloudwatch: archive,
    alb: `s3://${elb}/`,
    s3access: `s3://${s3Access}/`,
    redshift: `s3://${redshift}/`,
    emr: `s3://${storage.lakeBucketName}/${EMR_LOG_PREFIX}`,
  };
  const processing = new EmrProcessing("log-processing", {
    provider,
    partition,
    region,
    accountId: audit.id,
    stem,
    roleNamePrefix: a.roleNamePrefix,
    settings: a.emr,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    archiveBucketName: f.archiveBucketName,
    archiveKeyArn: f.archiveKey.arn,
    inputs,
    formats,
    formatsInputRoot: archive,
    serviceLogBuckets: [elb, redshift, s3Access],
    lakeBucketName: storage.lakeBucketName,
    artifactsBucketName: storage.artifactsBucketName,
    analyticsKeyArn: storage.key.arn,
    domainArn: search.domainArn,
    domainEndpoint: search.endpoint,
    catalogDatabase,
    alarmTopicArn: f.alarmTopic.arn,
    alarmTopicKeyArn: f.managementLogKey.arn,
    logGroupName: naming.logGroup("states", "logparse"),
    logRetentionDays: config.retention.cloudWatchDays,
    repoRoot: REPO_ROOT,
    tags: accounts.logTags,
  });

  const schemas = loadDatasetSchemas(path.join(REPO_ROOT, "schemas"));
  const searchSetup = new SearchSetup("search-setup", {
    provider,
    partition,
    region,
    accountId: audit.id,
    functionName: `${stem}-search-setup`,
    logGroupName: naming.logGroup("lambda", `${stem}-search-setup`),
    logRetentionDays: config.retention.cloudWatchDays,
    keyArn: storage.key.arn,
    domain: search.domain,
    endpoint: search.endpoint,
    adminRole: search.adminRole,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    vpcCidr: a.network.cidr,
    templates: indexTemplates(schemas, loadDocumentSpec(REPO_ROOT)),
    hotDays: a.search.hotDays,
    writerRoleArns: [arns.role(partition, audit.id, instanceRoleName)],
    tags: accounts.logTags,
  });

  const analytics = new AuditAnalytics("audit-analytics", {
    provider,
    databaseName: catalogDatabase,
    workgroupName: `${stem}-audit`,
    schemas,
    formats,
    lakeUri: `s3://${storage.lakeBucketName}/parsed/`,
    archiveBucketName: f.archiveBucketName,
    organizationId: accounts.organizationId,
    resultsBucketName: storage.resultsBucketName,
    resultsKeyArn: storage.key.arn,
    accountId: audit.id,
    bytesScannedCutoffPerQuery: a.athena.bytesScannedCutoffPerQuery,
    queries: loadQueryFiles(path.join(REPO_ROOT, "queries", "athena"), ".sql"),
    tags: accounts.logTags,
  });

  // Each set is bound to the platform's own groups: the organization trail's (management
  // account) and the log group of every Lambda function the platform runs (audit account).
  const insights = new SavedInsightsQueries("insights-queries", {
    folder: stem,
    queries: loadQueryFiles(path.join(REPO_ROOT, "queries", "insights"), ".txt"),
    logGroupSets: {
      trail: {
        provider: accounts.provider(accounts.management),
        logGroupNames: [f.trail.logGroupName],
      },
      lambda: { provider, logGroupNames: [searchSetup.function.logGroup.name] },
    },
  });

  return { storage, network, search, processing, analytics, searchSetup, insights };
}

/** Stack outputs of the analytics capability. */
export function analyticsOutputs(
  p: AnalyticsPlatform,
  config: PlatformConfig,
): Record<string, pulumi.Input<unknown>> {
  return {
    lakeBucketName: p.storage.lakeBucketName,
    stateMachineArn: p.processing.stateMachine.arn,
    clusterId: p.processing.cluster?.id ?? "transient",
    glueDatabase: p.analytics.database.name,
    athenaWorkgroup: p.analytics.workgroup.name,
    searchEndpoint: p.search.endpoint,
    /** The ISM policy the setup function applies: deletes hot indices after search.hotDays. */
    searchHotRetentionPolicy: JSON.stringify(hotRetentionPolicy(config.analytics.search.hotDays)),
    searchSetupResult: p.searchSetup.invocation.result,
  };
}
