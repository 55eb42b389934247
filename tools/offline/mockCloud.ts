import { createHash } from "crypto";

/**
 * The deterministic "cloud" behind offline synthesis: physical names, ids and ARNs derived
 * from the logical name, and canned answers for the invokes the programs make.
 */

/** Account used when a resource has no explicit provider (the caller's own account). */
export const DEFAULT_ACCOUNT_ID = "111111111111";
/** Region used when a provider sets none. */
export const DEFAULT_REGION = "us-east-1";

/** Where a provider points: the account it assumes into and its region. */
export interface ProviderTarget {
  accountId: string;
  region: string;
}

/** A stable 8-hex-digit suffix, standing in for Pulumi's random auto-name suffix. */
export function stableSuffix(seed: string): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, 8);
}

/** A stable UUID-shaped id (KMS key ids and the like). */
export function stableUuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** The physical name AWS would see: an explicit name input, else `<logical>-<suffix>`. */
export function physicalName(type: string, name: string, inputs: Record<string, unknown>): string {
  const explicit =
    str(inputs["bucket"]) ??
    str(inputs["name"]) ??
    str(inputs["functionName"]) ??
    str(inputs["roleName"]) ??
    str(inputs["domainName"]) ??
    str(inputs["clusterIdentifier"]) ??
    str(inputs["namespaceName"]);
  if (explicit) return explicit;
  const prefix = str(inputs["bucketPrefix"]) ?? str(inputs["namePrefix"]);
  if (prefix) return `${prefix}${stableSuffix(`${type}::${name}`)}`;
  return `${name}-${stableSuffix(`${type}::${name}`)}`;
}

/** The ARN AWS would assign for the resource types the platform and the fixtures use. */
export function resourceArn(
  type: string,
  physical: string,
  id: string,
  target: ProviderTarget,
): string | undefined {
  const { accountId: a, region: r } = target;
  const [pkg, mod] = type.split(":");
  if (pkg !== "aws") return undefined;
  const service = (mod ?? "").split("/")[0];
  const kind = (mod ?? "").split("/")[1] ?? "";
  switch (service) {
    case "s3":
      return kind === "bucket" ? `arn:aws:s3:::${physical}` : undefined;
    case "iam":
      if (kind === "role") return `arn:aws:iam::${a}:role/${physical}`;
      if (kind === "policy") return `arn:aws:iam::${a}:policy/${physical}`;
      if (kind === "instanceProfile") return `arn:aws:iam::${a}:instance-profile/${physical}`;
      if (kind === "user") return `arn:aws:iam::${a}:user/${physical}`;
      return undefined;
    case "kms":
      return kind === "key"
        ? `arn:aws:kms:${r}:${a}:key/${id}`
        : `arn:aws:kms:${r}:${a}:${physical}`;
    case "cloudwatch":
      if (kind === "logGroup") return `arn:aws:logs:${r}:${a}:log-group:${physical}`;
      if (kind === "logDestination") return `arn:aws:logs:${r}:${a}:destination:${physical}`;
      if (kind === "metricAlarm") return `arn:aws:cloudwatch:${r}:${a}:alarm:${physical}`;
      return `arn:aws:cloudwatch:${r}:${a}:${kind}/${physical}`;
    case "sns":
      return `arn:aws:sns:${r}:${a}:${physical}`;
    case "sqs":
      return `arn:aws:sqs:${r}:${a}:${physical}`;
    case "cloudtrail":
      if (kind === "trail") return `arn:aws:cloudtrail:${r}:${a}:trail/${physical}`;
      if (kind === "eventDataStore") return `arn:aws:cloudtrail:${r}:${a}:eventdatastore/${id}`;
      return undefined;
    case "lambda":
      return `arn:aws:lambda:${r}:${a}:function:${physical}`;
    case "sfn":
      return `arn:aws:states:${r}:${a}:stateMachine:${physical}`;
    case "kinesis":
      return `arn:aws:firehose:${r}:${a}:deliverystream/${physical}`;
    case "opensearch":
      return `arn:aws:es:${r}:${a}:domain/${physical}`;
    case "emr":
      return `arn:aws:elasticmapreduce:${r}:${a}:cluster/${id}`;
    case "glue":
      return `arn:aws:glue:${r}:${a}:${kind === "catalogDatabase" ? "database" : "table"}/${physical}`;
    case "athena":
      return `arn:aws:athena:${r}:${a}:workgroup/${physical}`;
    case "scheduler":
      return `arn:aws:scheduler:${r}:${a}:schedule/default/${physical}`;
    case "redshift":
      return `arn:aws:redshift:${r}:${a}:cluster:${physical}`;
    case "lb":
      return `arn:aws:elasticloadbalancing:${r}:${a}:loadbalancer/app/${physical}/${stableSuffix(physical)}`;
    default:
      return `arn:aws:${service}:${r}:${a}:${kind}/${physical}`;
  }
}

/** The physical id the provider would report for a new resource. */
export function resourceId(type: string, name: string, physical: string): string {
  if (type === "aws:kms/key:Key" || type === "aws:cloudtrail/eventDataStore:EventDataStore") {
    return stableUuid(`${type}::${name}`);
  }
  if (type === "aws:emr/cluster:Cluster") return `j-${stableSuffix(name).toUpperCase()}`;
  if (type.startsWith("aws:ec2/")) {
    const kind = type.split("/")[1]?.split(":")[0] ?? "res";
    const prefix: Record<string, string> = {
      vpc: "vpc",
      subnet: "subnet",
      securityGroup: "sg",
      flowLog: "fl",
    };
    return `${prefix[kind] ?? kind}-${stableSuffix(name)}`;
  }
  return physical;
}

/** Canned answers for the provider functions (invokes) programs call during synthesis. */
export function invokeResult(
  token: string,
  inputs: Record<string, unknown>,
  target: ProviderTarget,
): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: target.accountId,
        arn: `arn:aws:sts::${target.accountId}:assumed-role/pulumi-deploy/offline`,
        userId: "AROAOFFLINEEXAMPLE:offline",
        id: target.accountId,
      };
    case "aws:index/getPartition:getPartition":
      return {
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
        id: "aws",
      };
    case "aws:index/getRegion:getRegion":
      return {
        name: target.region,
        region: target.region,
        endpoint: `ec2.${target.region}.amazonaws.com`,
        id: target.region,
      };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const names = ["a", "b", "c"].map((s) => `${target.region}${s}`);
      return { names, zoneIds: names.map((_, i) => `use1-az${i + 1}`), id: target.region };
    }
    case "aws:ec2/getVpcs:getVpcs":
      return {
        ids: [`vpc-${stableSuffix(`${target.accountId}/${target.region}`)}`],
        id: target.region,
      };
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return { json: JSON.stringify({ Version: "2012-10-17", Statement: [] }), id: "doc" };
    default:
      throw new Error(
        `offline synthesis: no canned result for invoke ${token} (inputs ${JSON.stringify(inputs)}); ` +
          "add one to tools/offline/mockCloud.ts",
      );
  }
}
