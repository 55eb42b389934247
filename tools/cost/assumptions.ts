import { LogSource } from "../../components/config";

/** One assumed quantity, with why it has the value it has. */
export interface Assumption {
  readonly value: number;
  readonly unit: string;
  readonly why: string;
}

/**
 * What the estimate assumes about an organization's activity: the same for every account and
 * for dev and prod, so that the stacks' configuration is the only difference between columns.
 * Change these to your own figures (CloudTrail event counts are in CloudTrail Lake or Cost
 * Explorer's `EventsRecorded` usage; log volumes in CloudWatch's `IncomingBytes`).
 */
export const ASSUMPTIONS = {
  managementEvents: {
    value: 50_000,
    unit: "events per account and day",
    why: "a moderately active account (all Regions, read and write)",
  },
  writeShare: {
    value: 0.2,
    unit: "of management events",
    why: "write events, which Insights analyzes twice (call rate and error rate)",
  },
  dataEvents: {
    value: 500_000,
    unit: "events per account and day",
    why: "S3 object-level and Lambda invoke events, when features.dataEvents is on",
  },
  eventBytes: {
    value: 1_100,
    unit: "bytes per CloudTrail event (JSON)",
    why: "the benchmark's CloudTrail corpus averages ~1.1 KB a record",
  },
  flowLogs: {
    value: 1,
    unit: "GB per account and day",
    why: "VPC flow log records delivered to the archive",
  },
  cloudWatchLogs: {
    value: 1,
    unit: "GB per account and day",
    why: "log events the account-level subscription sends through Firehose",
  },
  albLogs: {
    value: 0.5,
    unit: "GB per account and day",
    why: "load balancer access logs delivered to the ELB bucket (delivery is free)",
  },
  logsStoredFraction: {
    value: 0.15,
    unit: "of ingested bytes",
    why: "CloudWatch Logs stores compressed data; the AWS Pricing Calculator assumes 15%",
  },
  lakeToArchive: {
    value: 1,
    unit: "parsed bytes per archived byte",
    why: "zstd Parquet of a source is about as large as its gzip input",
  },
  clusterEfficiency: {
    value: 0.5,
    unit: "of a node's vCPU time",
    why: "the benchmark's rates are single-machine CPU seconds; half is left for Spark's own work",
  },
  transientOverhead: {
    value: 0.25,
    unit: "hours per transient cluster",
    why: "provisioning, bootstrap and termination billed around each run",
  },
} as const satisfies Record<string, Assumption>;

/** How much smaller each source is as archived (gzip; Parquet for flow logs). */
export const COMPRESSION: Readonly<
  Record<"cloudtrail" | "vpcflow" | "cloudwatch" | "alb", Assumption>
> = {
  cloudtrail: {
    value: 9.5,
    unit: "uncompressed bytes per stored byte",
    why: "the benchmark's CloudTrail corpus (docs/spark-benchmark.md)",
  },
  vpcflow: {
    value: 8,
    unit: "uncompressed bytes per stored byte",
    why: "assumed: AWS documents Parquet flow logs as 20% smaller than gzip text",
  },
  cloudwatch: {
    value: 6,
    unit: "uncompressed bytes per stored byte",
    why: "the benchmark's CloudWatch corpus (docs/spark-benchmark.md)",
  },
  alb: {
    value: 6.4,
    unit: "uncompressed bytes per stored byte",
    why: "a synthetic ALB log measured for the design (gzip 6.4x)",
  },
};

/**
 * Uncompressed MB each source parses per CPU-second, from docs/spark-benchmark.md (the 4x rows:
 * JVM parsers for alb, vpcflow and s3access on 2026-12-04, SQL parsers for the file formats on
 * 2026-11-26).
 */
export const PARSE_MB_PER_CPU_SECOND: Readonly<Record<LogSource, number>> = {
  cloudtrail: 19.4,
  vpcflow: 76,
  alb: 133,
  s3access: 312,
  redshift: 9.2,
  emr: 4.4,
  cloudwatch: 10.3,
};

/** CIS 4.x metric-filter alarms the management account holds (one per CIS control). */
export const CIS_ALARMS = 15;

/** Interface endpoints of the analytics VPC, one ENI in each of its availability zones. */
export const INTERFACE_ENDPOINTS = 6;

/** Days and hours in an average month. */
export const DAYS_PER_MONTH = 365 / 12;
export const HOURS_PER_MONTH = 730;
