import { MemberAccountConfig } from "../config";

/**
 * Pure decisions of the member-account baseline: which VPCs of a Region get flow logs, and the
 * flow-log format and delivery options every member uses.
 */

/** Where a member's VPCs in one Region come from. */
export type VpcSelection =
  { kind: "listed"; vpcIds: readonly string[] } | { kind: "discover" } | { kind: "none" };

/**
 * The VPC selection of `member` in `region`: the listed ids when `vpcIds` is set (validation
 * guarantees a list per member Region), else discovery unless `discoverVpcs` is false.
 */
export function vpcSelection(
  member: Pick<MemberAccountConfig, "name" | "regions" | "vpcIds" | "discoverVpcs">,
  region: string,
): VpcSelection {
  if (!member.regions.includes(region)) {
    throw new Error(
      `member "${member.name}" has no region ${region} (regions: ${member.regions.join(", ")})`,
    );
  }
  if (member.vpcIds !== undefined) return { kind: "listed", vpcIds: member.vpcIds[region] ?? [] };
  return member.discoverVpcs === false ? { kind: "none" } : { kind: "discover" };
}

/**
 * Flow-log fields: the default (version 2) fields plus the VPC, subnet, instance, packet-level
 * addresses, AWS service names, direction and path, so investigations need no ENI lookups.
 * Every field is a column of schemas/vpcflow.json.
 */
export const FLOW_LOG_FIELDS = [
  "version",
  "account-id",
  "interface-id",
  "srcaddr",
  "dstaddr",
  "srcport",
  "dstport",
  "protocol",
  "packets",
  "bytes",
  "start",
  "end",
  "action",
  "log-status",
  "vpc-id",
  "subnet-id",
  "instance-id",
  "tcp-flags",
  "type",
  "pkt-srcaddr",
  "pkt-dstaddr",
  "region",
  "az-id",
  "sublocation-type",
  "sublocation-id",
  "pkt-src-aws-service",
  "pkt-dst-aws-service",
  "flow-direction",
  "traffic-path",
] as const;

/** The `logFormat` argument of the flow logs. */
export const FLOW_LOG_FORMAT = FLOW_LOG_FIELDS.map((f) => `\${${f}}`).join(" ");

/**
 * S3 delivery options: Parquet objects under Hive-compatible, hourly partitions
 * (`AWSLogs/aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/month=…/day=…/hour=…/`),
 * the layout the Spark vpcflow parser's Parquet globs read.
 */
export const FLOW_LOG_DESTINATION_OPTIONS = {
  fileFormat: "parquet",
  hiveCompatiblePartitions: true,
  perHourPartition: true,
} as const;

/** The column name in schemas/vpcflow.json of a flow-log field. */
export function flowLogColumn(field: (typeof FLOW_LOG_FIELDS)[number]): string {
  const renamed: Partial<Record<string, string>> = {
    "account-id": "record_account_id",
    region: "record_region",
    start: "start_time",
    end: "end_time",
  };
  return renamed[field] ?? field.replace(/-/g, "_");
}
