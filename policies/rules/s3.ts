import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
  BUCKET,
  BucketFacts,
  allBucketFacts,
  bucketFacts,
  bucketRole,
  isLogBucket,
  logBucketReason,
  ofClasses,
} from "../lib/buckets";
import {
  Finding,
  PolicySpec,
  StackContext,
  forType,
  resourcePolicy,
  stackPolicy,
} from "../lib/define";
import { subject } from "../lib/naming";
import { deniesInsecureTransport, statementsOf } from "../lib/policyDocument";
import { asArray, asRecord, isNonEmptyString, listing } from "../lib/values";

/** Config shared by the policies that treat log buckets more strictly. */
interface LogBucketConfig {
  logBucketTag: string;
}

const logBucketTagSchema = {
  logBucketTag: {
    type: "string" as const,
    minLength: 1,
    default: "logging:role",
    description:
      "Tag whose presence marks a bucket as a log bucket (buckets that receive logs count anyway).",
  },
};

/** Runs `check` per bucket with its facts; an unknown value stops only that bucket's check. */
function forEachBucket<C>(
  stack: StackContext<C>,
  check: (facts: BucketFacts, finding: Finding) => void,
): void {
  stack.each(ofClasses(stack.resources, BUCKET), (bucket, finding) =>
    check(bucketFacts(stack.resources, bucket), finding),
  );
}

/** Like forEachBucket, for log buckets only. */
function forEachLogBucket<C extends LogBucketConfig>(
  stack: StackContext<C>,
  check: (facts: BucketFacts, finding: Finding) => void,
): void {
  forEachBucket(stack, (facts, finding) => {
    if (isLogBucket(facts, stack.config.logBucketTag)) check(facts, finding);
  });
}

function hasObjectLockRetention(facts: BucketFacts): boolean {
  return (
    facts.bucket.props["objectLockEnabled"] === true &&
    facts.objectLock.some((c) => asRecord(asRecord(c.props["rule"])?.["defaultRetention"]))
  );
}

const accessLoggingSpec: PolicySpec = {
  name: "s3-access-logging",
  description: "Every S3 bucket writes server access logs to a separate log bucket.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["S3.9"], checkov: ["CKV_AWS_18"] },
  remediationSteps:
    "Add an aws.s3.BucketLogging with bucket = the bucket and targetBucket = the access-log bucket; " +
    "the access-log bucket itself needs no logging but must not use Object Lock.",
};

/** S3.9: server access logging for every bucket except the access-log targets themselves. */
export const s3AccessLogging: StackValidationPolicy = stackPolicy(accessLoggingSpec, (stack) => {
  forEachBucket(stack, (facts, finding) => {
    if (facts.receivesS3AccessLogs) {
      if (hasObjectLockRetention(facts)) {
        finding.violation(
          `${finding.subject} receives S3 server access logs but has an Object Lock default ` +
            "retention, which S3 refuses as a log target: deliver access logs to a bucket " +
            "without objectLockEnabled and without aws.s3.BucketObjectLockConfiguration.",
        );
      }
      return;
    }
    if (facts.logging.length > 0) return;
    const inline = facts.bucket.props["logging"] !== undefined;
    finding.violation(
      `${finding.subject} has no server access logging: add an aws.s3.BucketLogging with ` +
        "bucket = this bucket and targetBucket = your access-log bucket" +
        (inline ? " (the deprecated inline `logging` argument is not accepted)." : "."),
    );
  });
});

function sseRules(config: PolicyResource): Record<string, unknown>[] {
  return asArray(config.props["rules"])
    .map((r) => asRecord(asRecord(r)?.["applyServerSideEncryptionByDefault"]))
    .filter((r): r is Record<string, unknown> => r !== undefined);
}

const encryptionSpec: PolicySpec = {
  name: "s3-encryption",
  description:
    "Every S3 bucket has a default encryption configuration; log buckets use a customer managed KMS key.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { checkov: ["CKV_AWS_145"] },
  remediationSteps:
    "Add an aws.s3.BucketServerSideEncryptionConfiguration; for log buckets set " +
    'sseAlgorithm "aws:kms" with kmsMasterKeyId, except ELB access-log buckets, which AWS only ' +
    'writes to with sseAlgorithm "AES256" (S3 server access log targets may use either).',
  configSchema: {
    properties: {
      ...logBucketTagSchema,
      requireKmsForLogBuckets: {
        type: "boolean",
        default: true,
        description: "Log buckets must use SSE-KMS with a customer managed key.",
      },
    },
  },
};

/** CKV_AWS_145: default encryption everywhere, KMS for log buckets where delivery allows it. */
export const s3Encryption: StackValidationPolicy = stackPolicy<
  LogBucketConfig & { requireKmsForLogBuckets: boolean }
>(encryptionSpec, (stack) => {
  const { logBucketTag, requireKmsForLogBuckets } = stack.config;
  forEachBucket(stack, (facts, finding) => {
    if (facts.encryption.length === 0) {
      finding.violation(
        `${finding.subject} has no default encryption: add an ` +
          "aws.s3.BucketServerSideEncryptionConfiguration for it with " +
          'rules[].applyServerSideEncryptionByDefault.sseAlgorithm = "aws:kms".',
      );
      return;
    }
    const defaults = facts.encryption.flatMap(sseRules);
    const algorithms = defaults.map((d) => String(d["sseAlgorithm"]));
    if (facts.receivesElbAccessLogs) {
      if (algorithms.some((a) => a !== "AES256")) {
        finding.violation(
          `${finding.subject} receives ELB access logs, which AWS only delivers to buckets ` +
            'encrypted with SSE-S3: set sseAlgorithm "AES256" in its ' +
            "aws.s3.BucketServerSideEncryptionConfiguration.",
        );
      }
      return;
    }
    if (!isLogBucket(facts, logBucketTag) || !requireKmsForLogBuckets) return;
    // S3 documents SSE-S3 for server access log targets; a customer managed key also works.
    if (facts.receivesS3AccessLogs && algorithms.every((a) => a === "AES256")) return;
    const withKey = defaults.some(
      (d) =>
        (d["sseAlgorithm"] === "aws:kms" || d["sseAlgorithm"] === "aws:kms:dsse") &&
        isNonEmptyString(d["kmsMasterKeyId"]),
    );
    if (!withKey) {
      finding.violation(
        `${finding.subject} is a log bucket (${logBucketReason(facts, logBucketTag)}) but is not ` +
          'encrypted with a customer managed KMS key: set sseAlgorithm "aws:kms" and ' +
          "kmsMasterKeyId in its aws.s3.BucketServerSideEncryptionConfiguration.",
      );
    }
  });
});

const versioningSpec: PolicySpec = {
  name: "s3-versioning",
  description: "Log buckets keep every object version.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { checkov: ["CKV_AWS_21"] },
  remediationSteps:
    'Add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled" for the bucket.',
  configSchema: { properties: { ...logBucketTagSchema } },
};

/** CKV_AWS_21: versioning on log buckets, so an overwrite or delete cannot destroy evidence. */
export const s3Versioning: StackValidationPolicy = stackPolicy<LogBucketConfig>(
  versioningSpec,
  (stack) => {
    forEachLogBucket(stack, (facts, finding) => {
      const enabled = facts.versioning.some(
        (v) => asRecord(v.props["versioningConfiguration"])?.["status"] === "Enabled",
      );
      if (enabled) return;
      finding.violation(
        `${finding.subject} is a log bucket (${logBucketReason(facts, stack.config.logBucketTag)}) ` +
          "without versioning: add an aws.s3.BucketVersioning with " +
          'versioningConfiguration.status "Enabled".',
      );
    });
  },
);

const publicAccessSpec: PolicySpec = {
  name: "s3-public-access-block",
  description: "Every S3 bucket blocks all four kinds of public access.",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["S3.8"], checkov: ["CKV2_AWS_6"] },
  remediationSteps:
    "Add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, " +
    "ignorePublicAcls and restrictPublicBuckets all true.",
};

export const PUBLIC_ACCESS_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

/** The public-access flags a bucket's blocks leave off (all four when it has no block). */
export function missingPublicAccessFlags(facts: BucketFacts): string[] {
  if (facts.publicAccessBlocks.length === 0) return [...PUBLIC_ACCESS_FLAGS];
  return PUBLIC_ACCESS_FLAGS.filter(
    (flag) => !facts.publicAccessBlocks.some((b) => b.props[flag] === true),
  );
}

/** S3.8: a public access block with every flag on. */
export const s3PublicAccessBlock: StackValidationPolicy = stackPolicy(publicAccessSpec, (stack) => {
  forEachBucket(stack, (facts, finding) => {
    const missing = missingPublicAccessFlags(facts);
    if (missing.length === 0) return;
    finding.violation(
      facts.publicAccessBlocks.length === 0
        ? `${finding.subject} has no public access block: add an aws.s3.BucketPublicAccessBlock ` +
            "with all four flags true."
        : `${finding.subject} leaves public access open: set ${listing(missing)} to true on its ` +
            "aws.s3.BucketPublicAccessBlock.",
    );
  });
});

/** True when one of the bucket's policies denies requests without TLS. */
export function enforcesTls(facts: BucketFacts): boolean {
  return facts.policies.some((p) => {
    const statements = statementsOf(p.props["policy"]);
    return statements !== undefined && deniesInsecureTransport(statements);
  });
}

const tlsSpec: PolicySpec = {
  name: "s3-tls-only",
  description: "Every S3 bucket policy denies requests that do not use TLS.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["S3.5"] },
  remediationSteps:
    'Add an aws.s3.BucketPolicy with a statement { Effect: "Deny", Principal: "*", Action: "s3:*", ' +
    'Resource: [bucket ARN, bucket ARN + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
};

/** S3.5: a bucket policy statement that denies plain-HTTP requests. */
export const s3TlsOnly: StackValidationPolicy = stackPolicy(tlsSpec, (stack) => {
  forEachBucket(stack, (facts, finding) => {
    if (enforcesTls(facts)) return;
    finding.violation(
      facts.policies.length === 0
        ? `${finding.subject} has no bucket policy, so it accepts plain-HTTP requests: add an ` +
            'aws.s3.BucketPolicy that denies "s3:*" when aws:SecureTransport is "false".'
        : `${finding.subject}'s bucket policy does not deny plain-HTTP requests: add a statement ` +
            'that denies "s3:*" to Principal "*" when aws:SecureTransport is "false".',
    );
  });
});

interface LifecycleConfig extends LogBucketConfig {
  archiveStorageClasses: string[];
}

function enabledRules(lifecycle: PolicyResource[]): Record<string, unknown>[] {
  return lifecycle
    .flatMap((l) => asArray(l.props["rules"]))
    .map((r) => asRecord(r))
    .filter((r): r is Record<string, unknown> => r !== undefined && r["status"] === "Enabled");
}

const lifecycleSpec: PolicySpec = {
  name: "s3-lifecycle",
  description:
    "Log buckets archive, expire, clean up noncurrent versions and abort incomplete uploads.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["S3.13"], checkov: ["CKV2_AWS_61", "CKV_AWS_300"] },
  remediationSteps:
    "Add an aws.s3.BucketLifecycleConfiguration with an enabled rule that has transitions to an " +
    "archive storage class, expiration, noncurrentVersionExpiration and abortIncompleteMultipartUpload.",
  configSchema: {
    properties: {
      ...logBucketTagSchema,
      archiveStorageClasses: {
        type: "array",
        items: { type: "string", enum: ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] },
        minItems: 1,
        uniqueItems: true,
        default: ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
        description: "Storage classes that count as archiving.",
      },
    },
  },
};

/** S3.13 / CKV2_AWS_61 / CKV_AWS_300: the lifecycle a log bucket needs to stay affordable. */
export const s3Lifecycle: StackValidationPolicy = stackPolicy<LifecycleConfig>(
  lifecycleSpec,
  (stack) => {
    forEachLogBucket(stack, (facts, finding) => {
      const reason = logBucketReason(facts, stack.config.logBucketTag);
      if (facts.lifecycle.length === 0) {
        finding.violation(
          `${finding.subject} is a log bucket (${reason}) without a lifecycle: add an ` +
            "aws.s3.BucketLifecycleConfiguration with an enabled rule setting transitions, " +
            "expiration, noncurrentVersionExpiration and abortIncompleteMultipartUpload.",
        );
        return;
      }
      const rules = enabledRules(facts.lifecycle);
      const archives = new Set(stack.config.archiveStorageClasses);
      const missing: string[] = [];
      const archived = rules.some((r) =>
        asArray(r["transitions"]).some((t) => archives.has(String(asRecord(t)?.["storageClass"]))),
      );
      if (!archived) missing.push(`a transition to ${listing([...archives], "or")}`);
      if (!rules.some((r) => asRecord(r["expiration"]))) missing.push("expiration");
      if (!rules.some((r) => asRecord(r["noncurrentVersionExpiration"]))) {
        missing.push("noncurrentVersionExpiration");
      }
      if (!rules.some((r) => asRecord(r["abortIncompleteMultipartUpload"]))) {
        missing.push("abortIncompleteMultipartUpload");
      }
      if (missing.length === 0) return;
      finding.violation(
        `${finding.subject} is a log bucket (${reason}) whose lifecycle lacks ${listing(missing)}: ` +
          'set them on an enabled rule (status "Enabled") of its aws.s3.BucketLifecycleConfiguration.',
      );
    });
  },
);

interface ObjectLockConfig extends LogBucketConfig {
  archiveRoleValue: string;
  mode: "COMPLIANCE" | "GOVERNANCE";
  minRetentionDays: number;
  productionEnvironments: string[];
}

const objectLockSpec: PolicySpec = {
  name: "s3-log-archive-object-lock",
  description: "The central log archive bucket locks objects with a default retention.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["S3.15"], checkov: ["CKV_AWS_143"] },
  remediationSteps:
    "Create the archive bucket with objectLockEnabled: true and add an " +
    "aws.s3.BucketObjectLockConfiguration with rule.defaultRetention { mode, days }.",
  configSchema: {
    properties: {
      ...logBucketTagSchema,
      archiveRoleValue: {
        type: "string",
        minLength: 1,
        default: "log-archive",
        description: "Value of the log-bucket tag that marks the central archive bucket.",
      },
      mode: {
        type: "string",
        enum: ["COMPLIANCE", "GOVERNANCE"],
        default: "COMPLIANCE",
        description: "Object Lock mode the default retention must use.",
      },
      minRetentionDays: {
        type: "integer",
        minimum: 1,
        default: 365,
        description: "Shortest default retention accepted, in days (years count as 365 days).",
      },
      productionEnvironments: {
        type: "array",
        items: { type: "string", minLength: 1 },
        default: ["prod"],
        description:
          "Values of the archive's environment tag where no exemption tag lowers this policy's findings.",
      },
    },
  },
};

/** The tag whose value names the environment of a platform resource (provider default tags). */
const ENVIRONMENT_TAG = "environment";

/** The archive: buckets tagged as such, else the bucket of an organization trail. */
function archiveBuckets(stack: StackContext<ObjectLockConfig>): BucketFacts[] {
  const all = allBucketFacts(stack.resources);
  const tagged = all.filter(
    (f) => bucketRole(f.bucket, stack.config.logBucketTag) === stack.config.archiveRoleValue,
  );
  if (tagged.length > 0) return tagged;
  const orgTrails = stack.resources.filter(
    (r) => r.isType(aws.cloudtrail.Trail) && r.props["isOrganizationTrail"] === true,
  );
  return all.filter((f) => orgTrails.some((t) => f.logSources.includes(subject(t.type, t.name))));
}

/** S3.15: Object Lock on the archive, so no one can delete or shorten the evidence. */
export const s3LogArchiveObjectLock: StackValidationPolicy = stackPolicy<ObjectLockConfig>(
  objectLockSpec,
  (stack, args) => {
    const archives = archiveBuckets(stack);
    if (archives.length === 0) {
      args.notApplicable(
        `no bucket is tagged ${stack.config.logBucketTag}=${stack.config.archiveRoleValue} and no ` +
          "organization trail writes to a bucket of this stack",
      );
    }
    const { mode, minRetentionDays, productionEnvironments } = stack.config;
    for (const facts of archives) {
      const finding = stack.findingFor(facts.bucket);
      const environment = asRecord(facts.bucket.props["tags"])?.[ENVIRONMENT_TAG];
      // In production a weaker lock is decided by review of the pack's config, never by a tag on
      // the bucket: whoever deploys the bucket also writes its tags.
      const production =
        typeof environment === "string" && productionEnvironments.includes(environment);
      const report = (message: string) =>
        production
          ? finding.violationWithoutExemption(
              `${message} In production (tag ${ENVIRONMENT_TAG}=${environment}) no exemption tag lowers this finding.`,
            )
          : finding.violation(message);
      if (facts.bucket.props["objectLockEnabled"] !== true) {
        report(
          `${finding.subject} is the log archive but Object Lock is off: create it with ` +
            "objectLockEnabled: true (it cannot be enabled in place) and add an " +
            `aws.s3.BucketObjectLockConfiguration with mode ${mode}.`,
        );
        continue;
      }
      const retention = facts.objectLock
        .map((c) => asRecord(asRecord(c.props["rule"])?.["defaultRetention"]))
        .find((r) => r !== undefined);
      if (!retention) {
        report(
          `${finding.subject} is the log archive without a default retention: add an ` +
            `aws.s3.BucketObjectLockConfiguration with rule.defaultRetention { mode: "${mode}", ` +
            `days: ${minRetentionDays} }.`,
        );
        continue;
      }
      const days =
        typeof retention["days"] === "number"
          ? retention["days"]
          : typeof retention["years"] === "number"
            ? retention["years"] * 365
            : 0;
      if (retention["mode"] !== mode || days < minRetentionDays) {
        report(
          `${finding.subject} is the log archive with default retention ` +
            `${String(retention["mode"])} for ${days} days: set rule.defaultRetention.mode to ` +
            `"${mode}" and days to at least ${minRetentionDays}.`,
        );
      }
    }
  },
);

interface LifecycleSaneConfig {
  infrequentAccessMinDays: number;
  glacierMinStorageDays: number;
  deepArchiveMinStorageDays: number;
  smallObjectBytes: number;
}

const INFREQUENT = ["STANDARD_IA", "ONEZONE_IA"];
const MIN_SIZE_CHARGED = ["STANDARD_IA", "ONEZONE_IA", "GLACIER_IR"];

const lifecycleSaneSpec: PolicySpec = {
  name: "s3-lifecycle-sane",
  description:
    "Lifecycle transitions respect each storage class's minimum age and minimum storage duration.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: {},
  remediationSteps:
    "Move transitions to at least the class minimum (IA 30 days; Glacier 90 and Deep Archive 180 " +
    "days before expiration) and filter small objects with filter.objectSizeGreaterThan.",
  configSchema: {
    properties: {
      infrequentAccessMinDays: { type: "integer", minimum: 0, default: 30 },
      glacierMinStorageDays: { type: "integer", minimum: 0, default: 90 },
      deepArchiveMinStorageDays: { type: "integer", minimum: 0, default: 180 },
      smallObjectBytes: {
        type: "integer",
        minimum: 0,
        default: 131072,
        description: "Objects below this size are billed as this size in IA and Glacier IR.",
      },
    },
  },
};

/** Cost sanity of lifecycle rules: early deletion fees and minimum-size billing. */
export const s3LifecycleSane = resourcePolicy(
  lifecycleSaneSpec,
  [aws.s3.BucketLifecycleConfiguration, aws.s3.BucketLifecycleConfigurationV2].map((cls) =>
    forType<
      aws.s3.BucketLifecycleConfiguration,
      aws.s3.BucketLifecycleConfigurationArgs,
      LifecycleSaneConfig
    >(lifecycleSaneSpec, cls, (props, finding, config) => {
      for (const [i, rule] of (props.rules ?? []).entries()) {
        if (rule.status !== "Enabled") continue;
        const label = `rule ${rule.id ?? `#${i}`}`;
        const expiry = rule.expiration?.days;
        const checks: { storageClass: string; days?: number; kind: string }[] = [
          ...(rule.transitions ?? []).map((t) => ({
            storageClass: t.storageClass,
            days: t.days,
            kind: "transitions",
          })),
        ];
        for (const t of checks) {
          if (t.days === undefined) continue;
          if (INFREQUENT.includes(t.storageClass) && t.days < config.infrequentAccessMinDays) {
            finding.violation(
              `${finding.subject} ${label} moves objects to ${t.storageClass} after ${t.days} days: ` +
                `set ${t.kind}[].days to at least ${config.infrequentAccessMinDays}.`,
            );
          }
          const minimum =
            t.storageClass === "DEEP_ARCHIVE"
              ? config.deepArchiveMinStorageDays
              : t.storageClass === "GLACIER" || t.storageClass === "GLACIER_IR"
                ? config.glacierMinStorageDays
                : 0;
          if (minimum > 0 && expiry !== undefined && expiry - t.days < minimum) {
            finding.violation(
              `${finding.subject} ${label} expires objects ${expiry - t.days} days after moving ` +
                `them to ${t.storageClass}, which bills ${minimum} days: raise expiration.days to ` +
                `at least ${t.days + minimum} or move the transition earlier.`,
            );
          }
          const filter = rule.filter;
          const sized =
            filter?.objectSizeGreaterThan !== undefined ||
            filter?.and?.objectSizeGreaterThan !== undefined;
          if (MIN_SIZE_CHARGED.includes(t.storageClass) && !sized) {
            finding.violation(
              `${finding.subject} ${label} moves objects of any size to ${t.storageClass}, which ` +
                `bills objects under ${config.smallObjectBytes} bytes as ${config.smallObjectBytes}: ` +
                `set filter.objectSizeGreaterThan to ${config.smallObjectBytes}.`,
            );
          }
        }
      }
    }),
  ),
);
