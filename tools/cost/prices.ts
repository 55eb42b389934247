/** Where the estimate's prices apply. */
export const PRICE_REGION = "us-east-1";

/** The list prices below are those AWS published for {@link PRICE_REGION} on this date. */
export const PRICE_DATE = "2025-07-01";

/** One published unit price. */
export interface UnitPrice {
  /** US dollars per {@link unit}. */
  readonly usd: number;
  /** What one unit is, in AWS's words ("100,000 events", "GB-month"). */
  readonly unit: string;
  /** What is priced. */
  readonly what: string;
  /** The AWS pricing page that lists it. */
  readonly source: string;
  /**
   * How the figure was checked while writing the estimate: against a stored copy of the AWS
   * page, against a secondary source (named), or not at all (a figure as AWS listed it, to be
   * checked before budgeting).
   */
  readonly checked: string;
}

const CLOUDTRAIL = "https://aws.amazon.com/cloudtrail/pricing/";
const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
const S3 = "https://aws.amazon.com/s3/pricing/";
const SECONDARY = "secondary source (aws-samples/sample-cfm-tips-mcp)";
const AWS_PAGE = "stored copy of the AWS page";
const UNCHECKED = "not checked here";

/** The unit prices the estimate multiplies, by name. */
export const PRICES = {
  managementEventsCopy: {
    usd: 2.0,
    unit: "100,000 events",
    what: "CloudTrail management events, each copy after the first",
    source: CLOUDTRAIL,
    checked: AWS_PAGE,
  },
  dataEvents: {
    usd: 0.1,
    unit: "100,000 events",
    what: "CloudTrail data events",
    source: CLOUDTRAIL,
    checked: AWS_PAGE,
  },
  insights: {
    usd: 0.35,
    unit: "100,000 events analyzed",
    what: "CloudTrail Insights (per Insights type)",
    source: CLOUDTRAIL,
    checked: UNCHECKED,
  },
  lakeIngestExtendable: {
    usd: 0.75,
    unit: "GB",
    what: "CloudTrail Lake ingestion, one-year extendable retention",
    source: CLOUDTRAIL,
    checked: UNCHECKED,
  },
  lakeIngestFixed: {
    usd: 2.5,
    unit: "GB",
    what: "CloudTrail Lake ingestion, seven-year retention",
    source: CLOUDTRAIL,
    checked: UNCHECKED,
  },
  lakeRetention: {
    usd: 0.023,
    unit: "GB-month",
    what: "CloudTrail Lake retention beyond 366 days (extendable pricing)",
    source: CLOUDTRAIL,
    checked: UNCHECKED,
  },
  logsIngest: {
    usd: 0.5,
    unit: "GB",
    what: "CloudWatch Logs ingestion (standard class)",
    source: CLOUDWATCH,
    checked: SECONDARY,
  },
  logsStorage: {
    usd: 0.03,
    unit: "GB-month",
    what: "CloudWatch Logs storage (compressed)",
    source: CLOUDWATCH,
    checked: SECONDARY,
  },
  vendedToS3: {
    usd: 0.25,
    unit: "GB",
    what: "vended logs delivered to S3 (VPC flow logs), first 10 TB",
    source: CLOUDWATCH,
    checked: SECONDARY,
  },
  vendedParquet: {
    usd: 0.03,
    unit: "GB",
    what: "vended logs converted to Apache Parquet",
    source: CLOUDWATCH,
    checked: UNCHECKED,
  },
  alarm: {
    usd: 0.1,
    unit: "alarm-month",
    what: "CloudWatch standard-resolution alarm",
    source: CLOUDWATCH,
    checked: UNCHECKED,
  },
  firehoseIngest: {
    usd: 0.029,
    unit: "GB",
    what: "Data Firehose ingestion, first 500 TB",
    source: "https://aws.amazon.com/firehose/pricing/",
    checked: SECONDARY,
  },
  s3Standard: {
    usd: 0.023,
    unit: "GB-month",
    what: "S3 Standard, first 50 TB",
    source: S3,
    checked: SECONDARY,
  },
  s3GlacierIr: {
    usd: 0.004,
    unit: "GB-month",
    what: "S3 Glacier Instant Retrieval",
    source: S3,
    checked: UNCHECKED,
  },
  s3Glacier: {
    usd: 0.0036,
    unit: "GB-month",
    what: "S3 Glacier Flexible Retrieval",
    source: S3,
    checked: UNCHECKED,
  },
  s3DeepArchive: {
    usd: 0.00099,
    unit: "GB-month",
    what: "S3 Glacier Deep Archive",
    source: S3,
    checked: UNCHECKED,
  },
  ebsGp3: {
    usd: 0.08,
    unit: "GB-month",
    what: "EBS gp3 (EMR nodes)",
    source: "https://aws.amazon.com/ebs/pricing/",
    checked: UNCHECKED,
  },
  searchGp3: {
    usd: 0.122,
    unit: "GB-month",
    what: "OpenSearch Service gp3 storage",
    source: "https://aws.amazon.com/opensearch-service/pricing/",
    checked: UNCHECKED,
  },
  interfaceEndpoint: {
    usd: 0.01,
    unit: "endpoint-AZ-hour",
    what: "VPC interface endpoint",
    source: "https://aws.amazon.com/privatelink/pricing/",
    checked: UNCHECKED,
  },
  kmsKey: {
    usd: 1.0,
    unit: "key-month",
    what: "KMS customer managed key",
    source: "https://aws.amazon.com/kms/pricing/",
    checked: UNCHECKED,
  },
} as const satisfies Record<string, UnitPrice>;

/** The name of a price in {@link PRICES}. */
export type PriceName = keyof typeof PRICES;

/** An instance type's hourly on-demand price and size. */
export interface InstancePrice {
  /** US dollars per instance-hour (for EMR: EC2 plus the EMR charge). */
  readonly usdPerHour: number;
  /** vCPUs of the type. */
  readonly vcpus: number;
  /** How the hourly figure is made up, and where it is listed. */
  readonly source: string;
}

const EMR_SOURCE =
  "EC2 on-demand (https://aws.amazon.com/ec2/pricing/on-demand/) + EMR (https://aws.amazon.com/emr/pricing/)";
const SEARCH_SOURCE = "https://aws.amazon.com/opensearch-service/pricing/";

/** EMR node prices (EC2 + EMR), for the types the example stacks and defaults name. */
export const EMR_INSTANCES: Readonly<Record<string, InstancePrice>> = {
  "m7g.xlarge": { usdPerHour: 0.1632 + 0.0408, vcpus: 4, source: EMR_SOURCE },
  "m7g.2xlarge": { usdPerHour: 0.3264 + 0.0816, vcpus: 8, source: EMR_SOURCE },
  "r7g.2xlarge": { usdPerHour: 0.4284 + 0.1071, vcpus: 8, source: EMR_SOURCE },
};

/** OpenSearch Service instance prices, for the types the example stacks and defaults name. */
export const SEARCH_INSTANCES: Readonly<Record<string, InstancePrice>> = {
  "m7g.large.search": { usdPerHour: 0.136, vcpus: 2, source: SEARCH_SOURCE },
  "r7g.large.search": { usdPerHour: 0.177, vcpus: 2, source: SEARCH_SOURCE },
};
