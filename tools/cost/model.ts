import { LogSource, PlatformConfig } from "../../components/config";
import {
  ASSUMPTIONS as A,
  CIS_ALARMS,
  COMPRESSION,
  DAYS_PER_MONTH,
  HOURS_PER_MONTH,
  INTERFACE_ENDPOINTS,
  PARSE_MB_PER_CPU_SECOND,
} from "./assumptions";
import { EMR_INSTANCES, InstancePrice, PRICES as P, SEARCH_INSTANCES } from "./prices";

/** The rows of an estimate, in the order they are shown. */
export const COST_LINES = [
  "dataEvents",
  "insights",
  "trailLogs",
  "lake",
  "flowLogs",
  "firehose",
  "archiveHot",
  "archiveCold",
  "parsedLake",
  "emr",
  "search",
  "network",
] as const;
/** One row of an estimate. */
export type CostLine = (typeof COST_LINES)[number];

/** A month's cost of one stack configuration. */
export interface Estimate {
  /** US dollars per month, by row. */
  readonly lines: Readonly<Record<CostLine, number>>;
  /** The sum of {@link lines}. */
  readonly total: number;
  /**
   * Not in the total: what management events cost when another trail (Control Tower's, say)
   * already records them, so this trail's copy is the second.
   */
  readonly secondManagementCopy: number;
}

/** Sources whose archived volume the estimate models; the others are small or opt-in. */
type ModelledSource = keyof typeof COMPRESSION;
const MODELLED: readonly ModelledSource[] = ["cloudtrail", "vpcflow", "cloudwatch", "alb"];

/** Bad input to the estimate: names the key and what the estimate knows. */
export class CostModelError extends Error {
  override readonly name = "CostModelError";
}

function instance(
  table: Readonly<Record<string, InstancePrice>>,
  key: string,
  type: string,
): InstancePrice {
  const price = table[type];
  if (price === undefined) {
    throw new CostModelError(
      `${key}: no unit price for "${type}" in tools/cost/prices.ts (priced: ${Object.keys(table).join(", ")})`,
    );
  }
  return price;
}

function archivePrice(storageClass: PlatformConfig["retention"]["archiveStorageClass"]): number {
  switch (storageClass) {
    case "GLACIER_IR":
      return P.s3GlacierIr.usd;
    case "GLACIER":
      return P.s3Glacier.usd;
    case "DEEP_ARCHIVE":
      return P.s3DeepArchive.usd;
  }
}

/**
 * GB a day of each modelled source: uncompressed (what is parsed) and as archived (gzip or
 * Parquet, what is stored).
 */
function dailyVolumes(c: PlatformConfig, accounts: number) {
  const events = A.managementEvents.value + (c.features.dataEvents ? A.dataEvents.value : 0);
  const raw: Record<ModelledSource, number> = {
    cloudtrail: (accounts * events * A.eventBytes.value) / 1e9,
    vpcflow: accounts * A.flowLogs.value,
    cloudwatch: accounts * A.cloudWatchLogs.value,
    alb: accounts * A.albLogs.value,
  };
  const stored = Object.fromEntries(
    MODELLED.map((s) => [s, raw[s] / COMPRESSION[s].value]),
  ) as Record<ModelledSource, number>;
  return { raw, stored };
}

/** GB held in S3 on day `age` of objects written `perDay`, split by the lifecycle. */
function storedByClass(c: PlatformConfig, perDay: number, age: number) {
  const kept = Math.min(age, c.retention.archiveDays);
  const hot = Math.min(kept, c.retention.hotDays);
  return { hot: perDay * hot, cold: perDay * (kept - hot) };
}

function emrCost(c: PlatformConfig, raw: Record<ModelledSource, number>): number {
  const emr = c.analytics.emr;
  const primary = instance(
    EMR_INSTANCES,
    "analytics.emr.primaryInstanceType",
    emr.primaryInstanceType,
  );
  const core = instance(EMR_INSTANCES, "analytics.emr.coreInstanceType", emr.coreInstanceType);
  const nodes = 1 + emr.coreInstanceCount;
  const perHour = primary.usdPerHour + emr.coreInstanceCount * core.usdPerHour;
  const ebsPerMonth = nodes * emr.ebsVolumeGiB * P.ebsGp3.usd;
  if (emr.mode === "persistent") return HOURS_PER_MONTH * perHour + ebsPerMonth;
  const workerVcpus = emr.coreInstanceCount * core.vcpus * A.clusterEfficiency.value;
  const scheduled = Object.keys(emr.schedules) as LogSource[];
  const hoursPerDay = scheduled.reduce((sum, source) => {
    const gb = (MODELLED as readonly string[]).includes(source) ? raw[source as ModelledSource] : 0;
    const cpuSeconds = (gb * 1000) / PARSE_MB_PER_CPU_SECOND[source];
    return sum + A.transientOverhead.value + cpuSeconds / workerVcpus / 3600;
  }, 0);
  const hours = hoursPerDay * DAYS_PER_MONTH;
  return hours * perHour + (ebsPerMonth * hours) / HOURS_PER_MONTH;
}

function searchCost(c: PlatformConfig): number {
  const s = c.analytics.search;
  const data = instance(SEARCH_INSTANCES, "analytics.search.instanceType", s.instanceType);
  const perHour =
    s.instanceCount * data.usdPerHour +
    (s.dedicatedMasterCount > 0
      ? s.dedicatedMasterCount *
        instance(SEARCH_INSTANCES, "analytics.search.dedicatedMasterType", s.dedicatedMasterType)
          .usdPerHour
      : 0);
  return HOURS_PER_MONTH * perHour + s.instanceCount * s.volumeGiB * P.searchGp3.usd;
}

/**
 * The monthly cost of a stack configuration for an organization of `accounts` accounts, on day
 * `ageDays` after the first deployment (storage grows until each retention is reached).
 * Pure: list prices times the configuration's sizes times {@link A}.
 * @throws CostModelError when an instance type has no unit price.
 */
export function estimate(c: PlatformConfig, accounts: number, ageDays: number): Estimate {
  if (!Number.isInteger(accounts) || accounts < 1) {
    throw new CostModelError(`accounts: ${accounts} is not a whole number ≥ 1`);
  }
  const month = DAYS_PER_MONTH;
  const managementPerMonth = accounts * A.managementEvents.value * month;
  const dataPerMonth = c.features.dataEvents ? accounts * A.dataEvents.value * month : 0;
  const { raw, stored } = dailyVolumes(c, accounts);

  const trailLogsStored =
    raw.cloudtrail * Math.min(ageDays, c.retention.cloudWatchDays) * A.logsStoredFraction.value;
  const lakeGbPerDay = (accounts * A.managementEvents.value * A.eventBytes.value) / 1e9;
  const lakeExtended =
    c.cloudTrailLake.billingMode === "EXTENDABLE_RETENTION_PRICING"
      ? lakeGbPerDay *
        Math.max(0, Math.min(ageDays, c.cloudTrailLake.retentionDays) - 366) *
        P.lakeRetention.usd
      : 0;
  const lakeIngest =
    c.cloudTrailLake.billingMode === "FIXED_RETENTION_PRICING"
      ? P.lakeIngestFixed.usd
      : P.lakeIngestExtendable.usd;

  const archived = MODELLED.reduce((sum, s) => sum + stored[s], 0);
  const archive = storedByClass(c, archived, ageDays);
  const parsedPerDay =
    Object.keys(c.analytics.emr.schedules)
      .filter((s): s is ModelledSource => (MODELLED as readonly string[]).includes(s))
      .reduce((sum, s) => sum + stored[s], 0) * A.lakeToArchive.value;
  const parsed = storedByClass(c, parsedPerDay, ageDays);
  const cold = archivePrice(c.retention.archiveStorageClass);

  const lines: Record<CostLine, number> = {
    dataEvents: (dataPerMonth / 1e5) * P.dataEvents.usd,
    insights: c.features.insights
      ? ((managementPerMonth * (1 + A.writeShare.value)) / 1e5) * P.insights.usd
      : 0,
    trailLogs:
      raw.cloudtrail * month * P.logsIngest.usd +
      trailLogsStored * P.logsStorage.usd +
      CIS_ALARMS * P.alarm.usd,
    lake: c.features.cloudTrailLake ? lakeGbPerDay * month * lakeIngest + lakeExtended : 0,
    flowLogs: raw.vpcflow * month * (P.vendedToS3.usd + P.vendedParquet.usd),
    firehose: raw.cloudwatch * month * P.firehoseIngest.usd,
    archiveHot: archive.hot * P.s3Standard.usd,
    archiveCold: archive.cold * cold,
    parsedLake: parsed.hot * P.s3Standard.usd + parsed.cold * cold,
    emr: emrCost(c, raw),
    search: searchCost(c),
    network:
      INTERFACE_ENDPOINTS *
        c.analytics.network.availabilityZones *
        HOURS_PER_MONTH *
        P.interfaceEndpoint.usd +
      (3 + c.regions.governed.length) * P.kmsKey.usd,
  };
  const total = COST_LINES.reduce((sum, k) => sum + lines[k], 0);
  return {
    lines,
    total,
    secondManagementCopy: (managementPerMonth / 1e5) * P.managementEventsCopy.usd,
  };
}

/** The day every retention of the configuration has been reached (storage stops growing). */
export function fullRetentionDay(c: PlatformConfig): number {
  return Math.max(
    c.retention.archiveDays,
    c.retention.cloudWatchDays,
    c.features.cloudTrailLake ? c.cloudTrailLake.retentionDays : 0,
  );
}
