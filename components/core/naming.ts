import { Partition } from "./regions";

/** Tag every platform resource carries (through the providers' default tags). */
export const MANAGED_BY = "pulumi:logging-platform";

/**
 * Tag naming a bucket's role in the log pipeline; the policy pack treats tagged buckets as log
 * buckets (KMS, versioning, archive lifecycle required).
 */
export const LOG_ROLE_TAG = "logging:role";

/**
 * Tag exempting a resource from one policy of the pack, its value the reason; with its expiry
 * tag ({@link exemptionExpiryTag}) the pack then reports the finding as advisory, naming the
 * reason, until the expiry date passes.
 */
export function exemptionTag(policyName: string): string {
  return `logging:exempt:${policyName}`;
}

/** Tag giving the last day (`YYYY-MM-DD`, UTC) an exemption from `policyName` holds. */
export function exemptionExpiryTag(policyName: string): string {
  return `logging:exempt-expires:${policyName}`;
}

/**
 * The last day the platform's own exemptions hold: those stating an AWS limitation (a delivery
 * service that supports only SSE-S3, query results shorter-lived than any archive class). Each
 * is re-checked against AWS's current documentation by this date, which then moves a year on;
 * until it does, the gate reports the buckets as violations.
 */
export const BUILT_IN_EXEMPTIONS_EXPIRE = "2027-12-31";

/** Characters S3 accepts in a tag value (PutBucketTagging refuses others, such as ( ) ; ,). */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** Why `value` cannot be a tag value on an S3 bucket, or undefined. */
export function tagValueProblem(value: string): string | undefined {
  if (TAG_VALUE.test(value)) return undefined;
  if (value.length > 256) return `is ${value.length} characters; a tag value takes at most 256`;
  const bad = [...new Set([...value].filter((ch) => !TAG_VALUE.test(ch)))];
  return `has ${bad.map((ch) => JSON.stringify(ch)).join(", ")}, which S3 refuses in a tag value (allowed: letters, digits, spaces and _ . : / = + - @)`;
}

/**
 * The two tags of an exemption from `policyName`: its reason and its expiry.
 * @throws Error when the reason is not a valid S3 tag value.
 */
export function exemptionTags(
  policyName: string,
  reason: string,
  expires: string,
): Record<string, string> {
  const problem = tagValueProblem(reason);
  if (problem !== undefined) {
    throw new Error(`the exemption reason ${JSON.stringify(reason)} ${problem}`);
  }
  return { [exemptionTag(policyName)]: reason, [exemptionExpiryTag(policyName)]: expires };
}

/** Data classification of everything that stores or carries log records. */
export const LOG_DATA_CLASSIFICATION = "confidential";

/**
 * Key prefix of S3 server access logs in every access-log bucket, followed by S3's
 * date-partitioned layout `<source-account>/<source-region>/<source-bucket>/YYYY/MM/DD/`. The
 * Spark `s3access` parser reads exactly this layout (its `KEY_PREFIX`).
 */
export const SERVER_ACCESS_LOG_PREFIX = "s3-access/";

/** S3 bucket names are at most 63 characters. */
const MAX_BUCKET_NAME = 63;

/**
 * Physical names of platform resources, all derived from the name prefix and environment so two
 * environments (or two platforms) never collide in an account.
 */
export class PlatformNaming {
  constructor(
    /** Short prefix from config (`namePrefix`). */
    readonly prefix: string,
    /** Environment name from config (`environment`). */
    readonly environment: string,
  ) {}

  /** `<prefix>-<environment>`: the stem of every name. */
  get stem(): string {
    return `${this.prefix}-${this.environment}`;
  }

  /** A regional resource name such as a trail, topic or role: `<stem>-<kind>`. */
  resource(kind: string): string {
    return `${this.stem}-${kind}`;
  }

  /**
   * A globally unique bucket name: `<stem>-<kind>-<account>[-<region>]`.
   * @throws Error when the name would exceed S3's 63-character limit.
   */
  bucket(kind: string, accountId: string, region?: string): string {
    const name = [this.stem, kind, accountId, region].filter((p) => p !== undefined).join("-");
    if (name.length > MAX_BUCKET_NAME) {
      throw new Error(
        `bucket name "${name}" is ${name.length} characters; S3 allows ${MAX_BUCKET_NAME} (shorten namePrefix)`,
      );
    }
    return name;
  }

  /** A CloudWatch Logs group name under the platform's own path: `/<prefix>/<environment>/...`. */
  logGroup(...parts: string[]): string {
    return `${this.logGroupPath}${parts.join("/")}`;
  }

  /** The path every platform log group starts with; key policies scope CloudWatch Logs to it. */
  get logGroupPath(): string {
    return `/${this.prefix}/${this.environment}/`;
  }

  /** A KMS alias: `alias/<stem>-<kind>`. */
  keyAlias(kind: string): string {
    return `alias/${this.stem}-${kind}`;
  }
}

/** Tags every resource of the stack carries (environment, owner, project). */
export function baseTags(environment: string): Record<string, string> {
  return {
    environment,
    "managed-by": MANAGED_BY,
    project: "logging-platform",
  };
}

/** Tags for resources that hold log data: base tags plus the data classification. */
export function logDataTags(environment: string): Record<string, string> {
  return { ...baseTags(environment), "data-classification": LOG_DATA_CLASSIFICATION };
}

/** ARN builders for the few ARNs the platform must know before the resource exists. */
export const arns = {
  role: (partition: Partition, accountId: string, roleName: string): string =>
    `arn:${partition}:iam::${accountId}:role/${roleName}`,
  accountRoot: (partition: Partition, accountId: string): string =>
    `arn:${partition}:iam::${accountId}:root`,
  bucket: (partition: Partition, bucket: string): string => `arn:${partition}:s3:::${bucket}`,
  trail: (partition: Partition, region: string, accountId: string, trailName: string): string =>
    `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`,
  logGroup: (partition: Partition, region: string, accountId: string, name: string): string =>
    `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`,
};
