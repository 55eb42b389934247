import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { refersTo, s3BucketName } from "./graph";
import { subject } from "./naming";
import { asRecord, stringList } from "./values";

/** A class whose instances `PolicyResource.isType` can recognise. */
type AnyResourceClass = Parameters<PolicyResource["isType"]>[0];

/** Buckets and their per-bucket configuration resources: current names and the V2 aliases. */
export const BUCKET = [aws.s3.Bucket, aws.s3.BucketV2];
export const BUCKET_LOGGING = [aws.s3.BucketLogging, aws.s3.BucketLoggingV2];
export const BUCKET_PUBLIC_ACCESS_BLOCK = [aws.s3.BucketPublicAccessBlock];
export const BUCKET_ENCRYPTION = [
  aws.s3.BucketServerSideEncryptionConfiguration,
  aws.s3.BucketServerSideEncryptionConfigurationV2,
];
export const BUCKET_VERSIONING = [aws.s3.BucketVersioning, aws.s3.BucketVersioningV2];
export const BUCKET_LIFECYCLE = [
  aws.s3.BucketLifecycleConfiguration,
  aws.s3.BucketLifecycleConfigurationV2,
];
export const BUCKET_OBJECT_LOCK = [
  aws.s3.BucketObjectLockConfiguration,
  aws.s3.BucketObjectLockConfigurationV2,
];
export const BUCKET_POLICY = [aws.s3.BucketPolicy];

/** Outputs that identify a bucket when another resource names it by value. */
const BUCKET_KEYS = ["bucket", "id", "arn", "bucketDomainName", "bucketRegionalDomainName"];

export function isAny(resource: PolicyResource, classes: readonly AnyResourceClass[]): boolean {
  return classes.some((c) => resource.isType(c));
}

/**
 * The resources of a stack partitioned by class list, once per stack: a stack policy asks for the
 * same lists for each of its buckets, and a scan of every resource per bucket made the S3 policies
 * quadratic in the size of the stack.
 */
const partitions = new WeakMap<
  readonly PolicyResource[],
  Map<readonly AnyResourceClass[], PolicyResource[]>
>();

/** The resources of any of `classes`, in stack order. Do not modify the returned array. */
export function ofClasses(
  resources: readonly PolicyResource[],
  classes: readonly AnyResourceClass[],
): PolicyResource[] {
  let byClasses = partitions.get(resources);
  if (byClasses === undefined) {
    byClasses = new Map();
    partitions.set(resources, byClasses);
  }
  let found = byClasses.get(classes);
  if (found === undefined) {
    found = resources.filter((r) => isAny(r, classes));
    byClasses.set(classes, found);
  }
  return found;
}

/** A resource that delivers logs into a bucket, and through which property. */
interface LogSourceSpec {
  classes: AnyResourceClass[];
  property: string;
  value: (r: PolicyResource) => unknown[];
  kind: "s3-access-logs" | "elb-access-logs" | "other";
}

const first = (r: PolicyResource, key: string): unknown[] => [r.props[key]];
const nested = (r: PolicyResource, key: string, inner: string): unknown[] => [
  asRecord(r.props[key])?.[inner],
];

const LOG_SOURCES: LogSourceSpec[] = [
  {
    classes: BUCKET_LOGGING,
    property: "targetBucket",
    value: (r) => first(r, "targetBucket"),
    kind: "s3-access-logs",
  },
  {
    classes: [aws.lb.LoadBalancer, aws.alb.LoadBalancer, aws.elb.LoadBalancer],
    property: "accessLogs",
    value: (r) => nested(r, "accessLogs", "bucket"),
    kind: "elb-access-logs",
  },
  {
    classes: [aws.cloudtrail.Trail],
    property: "s3BucketName",
    value: (r) => first(r, "s3BucketName"),
    kind: "other",
  },
  {
    classes: [aws.ec2.FlowLog],
    property: "logDestination",
    value: (r) => first(r, "logDestination"),
    kind: "other",
  },
  {
    classes: [aws.redshift.Logging],
    property: "bucketName",
    value: (r) => first(r, "bucketName"),
    kind: "other",
  },
  {
    classes: [aws.emr.Cluster],
    property: "logUri",
    value: (r) => first(r, "logUri"),
    kind: "other",
  },
  {
    classes: [aws.cfg.DeliveryChannel],
    property: "s3BucketName",
    value: (r) => first(r, "s3BucketName"),
    kind: "other",
  },
  {
    classes: [aws.cloudfront.Distribution],
    property: "loggingConfig",
    value: (r) => nested(r, "loggingConfig", "bucket"),
    kind: "other",
  },
  {
    classes: [aws.kinesis.FirehoseDeliveryStream],
    property: "extendedS3Configuration",
    value: (r) => nested(r, "extendedS3Configuration", "bucketArn"),
    kind: "other",
  },
  {
    classes: [aws.wafv2.WebAclLoggingConfiguration],
    property: "logDestinationConfigs",
    value: (r) => stringList(r.props["logDestinationConfigs"]),
    kind: "other",
  },
];

/** One bucket and everything in the stack that configures it or writes logs into it. */
export interface BucketFacts {
  bucket: PolicyResource;
  logging: PolicyResource[];
  publicAccessBlocks: PolicyResource[];
  encryption: PolicyResource[];
  versioning: PolicyResource[];
  lifecycle: PolicyResource[];
  objectLock: PolicyResource[];
  policies: PolicyResource[];
  /** `aws.s3.BucketLogging "x"`, … — resources that deliver logs into this bucket. */
  logSources: string[];
  receivesS3AccessLogs: boolean;
  receivesElbAccessLogs: boolean;
}

/** True when `config.bucket` names `bucket` (every per-bucket configuration resource has it). */
export function configures(config: PolicyResource, bucket: PolicyResource): boolean {
  return refersTo(config, "bucket", bucket, BUCKET_KEYS, undefined, s3BucketName);
}

function deliversTo(source: PolicyResource, spec: LogSourceSpec, bucket: PolicyResource): boolean {
  const values = spec.value(source).filter((v): v is string => typeof v === "string");
  if (values.length === 0) {
    return (source.propertyDependencies[spec.property] ?? []).some((d) => d.urn === bucket.urn);
  }
  return values.some((v) =>
    refersTo(source, spec.property, bucket, BUCKET_KEYS, () => v, s3BucketName),
  );
}

/** Facts about one bucket, gathered from the whole stack. */
export function bucketFacts(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
): BucketFacts {
  const configOf = (classes: AnyResourceClass[]) =>
    ofClasses(resources, classes).filter((c) => configures(c, bucket));
  const facts: BucketFacts = {
    bucket,
    logging: configOf(BUCKET_LOGGING),
    publicAccessBlocks: configOf(BUCKET_PUBLIC_ACCESS_BLOCK),
    encryption: configOf(BUCKET_ENCRYPTION),
    versioning: configOf(BUCKET_VERSIONING),
    lifecycle: configOf(BUCKET_LIFECYCLE),
    objectLock: configOf(BUCKET_OBJECT_LOCK),
    policies: configOf(BUCKET_POLICY),
    logSources: [],
    receivesS3AccessLogs: false,
    receivesElbAccessLogs: false,
  };
  for (const spec of LOG_SOURCES) {
    for (const source of ofClasses(resources, spec.classes)) {
      if (!deliversTo(source, spec, bucket)) continue;
      facts.logSources.push(subject(source.type, source.name));
      if (spec.kind === "s3-access-logs") facts.receivesS3AccessLogs = true;
      if (spec.kind === "elb-access-logs") facts.receivesElbAccessLogs = true;
    }
  }
  return facts;
}

/** Every bucket of the stack with its facts. */
export function allBucketFacts(resources: readonly PolicyResource[]): BucketFacts[] {
  return ofClasses(resources, BUCKET).map((b) => bucketFacts(resources, b));
}

/** The value of the role tag (`logging:role` by default) on a bucket, if any. */
export function bucketRole(bucket: PolicyResource, roleTag: string): string | undefined {
  const value = asRecord(bucket.props["tags"])?.[roleTag];
  return typeof value === "string" && value.trim().length > 0 ? value.trim() : undefined;
}

/** A log bucket: tagged with a role, or the destination of some resource's logs. */
export function isLogBucket(facts: BucketFacts, roleTag: string): boolean {
  return bucketRole(facts.bucket, roleTag) !== undefined || facts.logSources.length > 0;
}

/** Why a bucket counts as a log bucket, for messages. */
export function logBucketReason(facts: BucketFacts, roleTag: string): string {
  const role = bucketRole(facts.bucket, roleTag);
  if (role !== undefined) return `it is tagged ${roleTag}=${role}`;
  const sources = facts.logSources.slice(0, 3).join(", ");
  const more = facts.logSources.length > 3 ? ` and ${facts.logSources.length - 3} more` : "";
  return `it receives logs from ${sources}${more}`;
}
