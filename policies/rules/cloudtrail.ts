import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { BUCKET, bucketFacts, ofClasses } from "../lib/buckets";
import { PolicySpec, forType, resourcePolicy, stackPolicy } from "../lib/define";
import { refersTo, s3BucketName } from "../lib/graph";
import { isNonEmptyString, listing } from "../lib/values";
import { enforcesTls, missingPublicAccessFlags } from "./s3";

/** Field selectors of one advanced event selector, as plain data. */
interface FieldSelector {
  field: string;
  equals?: string[];
}

function fieldEquals(selectors: FieldSelector[], field: string): string[] | undefined {
  return selectors.find((f) => f.field === field)?.equals;
}

/** Whether a trail records management events (read and write). */
function recordsManagementEvents(trail: {
  eventSelectors?: { includeManagementEvents?: boolean; readWriteType?: string }[];
  advancedEventSelectors?: { fieldSelectors: FieldSelector[] }[];
}): boolean {
  if (trail.advancedEventSelectors && trail.advancedEventSelectors.length > 0) {
    return trail.advancedEventSelectors.some((s) => {
      const category = fieldEquals(s.fieldSelectors, "eventCategory");
      const readOnly = s.fieldSelectors.find((f) => f.field === "readOnly");
      return category?.includes("Management") === true && readOnly === undefined;
    });
  }
  if (!trail.eventSelectors || trail.eventSelectors.length === 0) return true;
  return trail.eventSelectors.some(
    (s) => s.includeManagementEvents !== false && (s.readWriteType ?? "All") === "All",
  );
}

/** Whether a trail records S3 object-level reads and writes for all buckets. */
function recordsS3DataEvents(trail: {
  eventSelectors?: {
    dataResources?: { type: string; values: string[] }[];
    readWriteType?: string;
  }[];
  advancedEventSelectors?: { fieldSelectors: FieldSelector[] }[];
}): { read: boolean; write: boolean } {
  const seen = { read: false, write: false };
  for (const s of trail.eventSelectors ?? []) {
    const s3 = (s.dataResources ?? []).some((d) => d.type === "AWS::S3::Object");
    if (!s3) continue;
    const rw = s.readWriteType ?? "All";
    if (rw === "All" || rw === "ReadOnly") seen.read = true;
    if (rw === "All" || rw === "WriteOnly") seen.write = true;
  }
  for (const s of trail.advancedEventSelectors ?? []) {
    const f = s.fieldSelectors;
    if (!fieldEquals(f, "eventCategory")?.includes("Data")) continue;
    if (!fieldEquals(f, "resources.type")?.includes("AWS::S3::Object")) continue;
    const readOnly = fieldEquals(f, "readOnly");
    if (readOnly === undefined || readOnly.includes("true")) seen.read = true;
    if (readOnly === undefined || readOnly.includes("false")) seen.write = true;
  }
  return seen;
}

const multiRegionSpec: PolicySpec = {
  name: "cloudtrail-multi-region",
  description:
    "CloudTrail trails are multi-region, include global service events and record management events.",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["CloudTrail.1"], cis: ["3.1"], checkov: ["CKV_AWS_67"] },
  remediationSteps:
    "Set isMultiRegionTrail: true and includeGlobalServiceEvents: true, and keep management events " +
    '(includeManagementEvents true with readWriteType "All", or an advanced selector on eventCategory Management).',
};

/** CloudTrail.1 / CIS 3.1. */
export const cloudtrailMultiRegion: ResourceValidationPolicy = resourcePolicy(
  multiRegionSpec,
  forType(multiRegionSpec, aws.cloudtrail.Trail, (trail, finding) => {
    if (trail.isMultiRegionTrail !== true) {
      finding.violation(
        `${finding.subject} records one region only: set isMultiRegionTrail: true.`,
      );
    }
    if (trail.includeGlobalServiceEvents === false) {
      finding.violation(
        `${finding.subject} skips global services such as IAM: set includeGlobalServiceEvents: true.`,
      );
    }
    if (!recordsManagementEvents(trail)) {
      finding.violation(
        `${finding.subject} does not record all management events: set ` +
          'eventSelectors[].includeManagementEvents: true with readWriteType "All" (or add an ' +
          "advanced event selector with eventCategory = Management and no readOnly filter).",
      );
    }
  }),
);

const kmsSpec: PolicySpec = {
  name: "cloudtrail-kms",
  description: "CloudTrail trails encrypt log files with a KMS key.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["CloudTrail.2"], cis: ["3.5"], checkov: ["CKV_AWS_35"] },
  remediationSteps: "Set kmsKeyId to the ARN of a customer managed KMS key CloudTrail may use.",
};

/** CloudTrail.2 / CIS 3.5. */
export const cloudtrailKms: ResourceValidationPolicy = resourcePolicy(
  kmsSpec,
  forType(kmsSpec, aws.cloudtrail.Trail, (trail, finding) => {
    if (!isNonEmptyString(trail.kmsKeyId)) {
      finding.violation(
        `${finding.subject} writes log files without KMS encryption: set kmsKeyId to a customer ` +
          "managed key ARN.",
      );
    }
  }),
);

const validationSpec: PolicySpec = {
  name: "cloudtrail-log-validation",
  description: "CloudTrail trails write digest files so log tampering can be detected.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["CloudTrail.4"], cis: ["3.2"], checkov: ["CKV_AWS_36"] },
  remediationSteps: "Set enableLogFileValidation: true.",
};

/** CloudTrail.4 / CIS 3.2. */
export const cloudtrailLogValidation: ResourceValidationPolicy = resourcePolicy(
  validationSpec,
  forType(validationSpec, aws.cloudtrail.Trail, (trail, finding) => {
    if (trail.enableLogFileValidation !== true) {
      finding.violation(
        `${finding.subject} does not validate log files: set enableLogFileValidation: true.`,
      );
    }
  }),
);

const cloudwatchSpec: PolicySpec = {
  name: "cloudtrail-cloudwatch",
  description: "CloudTrail trails also deliver events to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["CloudTrail.5"], checkov: ["CKV2_AWS_10"] },
  remediationSteps:
    'Set cloudWatchLogsGroupArn (the log group ARN followed by ":*") and cloudWatchLogsRoleArn.',
};

/** CloudTrail.5. */
export const cloudtrailCloudwatch: ResourceValidationPolicy = resourcePolicy(
  cloudwatchSpec,
  forType(cloudwatchSpec, aws.cloudtrail.Trail, (trail, finding) => {
    const missing = [
      isNonEmptyString(trail.cloudWatchLogsGroupArn) ? undefined : "cloudWatchLogsGroupArn",
      isNonEmptyString(trail.cloudWatchLogsRoleArn) ? undefined : "cloudWatchLogsRoleArn",
    ].filter((m): m is string => m !== undefined);
    if (missing.length > 0) {
      finding.violation(
        `${finding.subject} does not deliver to CloudWatch Logs: set ${listing(missing)}.`,
      );
    }
  }),
);

const dataEventsSpec: PolicySpec = {
  name: "cloudtrail-s3-data-events",
  description: "A CloudTrail trail records S3 object-level read and write events.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: { securityHub: ["S3.22", "S3.23"], cis: ["3.8", "3.9"] },
  remediationSteps:
    'Add an event selector with dataResources [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] ' +
    'and readWriteType "All", or the equivalent advanced event selector.',
};

/** S3.22 / S3.23 / CIS 3.8–3.9. */
export const cloudtrailS3DataEvents: ResourceValidationPolicy = resourcePolicy(
  dataEventsSpec,
  forType(dataEventsSpec, aws.cloudtrail.Trail, (trail, finding) => {
    const seen = recordsS3DataEvents(trail);
    const missing = [seen.write ? undefined : "write", seen.read ? undefined : "read"].filter(
      (m): m is string => m !== undefined,
    );
    if (missing.length > 0) {
      finding.violation(
        `${finding.subject} does not record S3 object-level ${listing(missing)} events: add an ` +
          'event selector with dataResources type "AWS::S3::Object" and readWriteType "All".',
      );
    }
  }),
);

const bucketHardenedSpec: PolicySpec = {
  name: "cloudtrail-bucket-hardened",
  description:
    "The bucket a trail writes to blocks public access, denies plain HTTP and logs access.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["CloudTrail.6", "CloudTrail.7"], cis: ["3.4"] },
  remediationSteps:
    "Give the trail's bucket an aws.s3.BucketPublicAccessBlock with all four flags, a bucket policy " +
    "that denies aws:SecureTransport=false, and an aws.s3.BucketLogging.",
};

/** CloudTrail.6 / CloudTrail.7 / CIS 3.4: the trail bucket, found through s3BucketName. */
export const cloudtrailBucketHardened: StackValidationPolicy = stackPolicy(
  bucketHardenedSpec,
  (stack, args) => {
    const trails = stack.resources.filter((r) => r.isType(aws.cloudtrail.Trail));
    if (trails.length === 0) args.notApplicable("the stack has no CloudTrail trail");
    const buckets = ofClasses(stack.resources, BUCKET);
    stack.each(trails, (trail, finding) => {
      const bucket = buckets.find((b) =>
        refersTo(trail, "s3BucketName", b, ["bucket", "id", "arn"], undefined, s3BucketName),
      );
      if (!bucket) {
        finding.advisory(
          `${finding.subject} writes to bucket ${String(trail.props["s3BucketName"])}, which this ` +
            "stack does not manage, so its hardening is checked where that bucket is declared.",
        );
        return;
      }
      const facts = bucketFacts(stack.resources, bucket);
      const gaps: string[] = [];
      const open = missingPublicAccessFlags(facts);
      if (open.length > 0)
        gaps.push(`an aws.s3.BucketPublicAccessBlock with ${listing(open)} true`);
      if (!enforcesTls(facts)) gaps.push('a bucket policy denying aws:SecureTransport = "false"');
      if (facts.logging.length === 0) gaps.push("an aws.s3.BucketLogging");
      if (gaps.length === 0) return;
      const bucketFinding = stack.findingFor(bucket);
      bucketFinding.violation(
        `${bucketFinding.subject} holds the logs of ${finding.subject} but lacks ${listing(gaps)}: ` +
          "add them for this bucket.",
      );
    });
  },
);

interface EventDataStoreConfig {
  minRetentionDays: number;
}

const eventDataStoreSpec: PolicySpec = {
  name: "event-data-store-hardened",
  description:
    "CloudTrail Lake event data stores use a KMS key, termination protection and a long retention.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["CloudTrail.10"], checkov: ["CKV_AWS_294"] },
  remediationSteps:
    "Set kmsKeyId, keep terminationProtectionEnabled true and retentionPeriod at least the minimum.",
  configSchema: {
    properties: {
      minRetentionDays: {
        type: "integer",
        minimum: 7,
        maximum: 3653,
        default: 365,
        description: "Shortest retentionPeriod accepted, in days.",
      },
    },
  },
};

/** The provider's default retention when retentionPeriod is not set. */
const EVENT_DATA_STORE_DEFAULT_RETENTION = 2555;

/** CloudTrail.10. */
export const eventDataStoreHardened: ResourceValidationPolicy = resourcePolicy(
  eventDataStoreSpec,
  forType<aws.cloudtrail.EventDataStore, aws.cloudtrail.EventDataStoreArgs, EventDataStoreConfig>(
    eventDataStoreSpec,
    aws.cloudtrail.EventDataStore,
    (store, finding, config) => {
      if (!isNonEmptyString(store.kmsKeyId)) {
        finding.violation(
          `${finding.subject} is encrypted with an AWS owned key: set kmsKeyId to a customer managed key.`,
        );
      }
      if (store.terminationProtectionEnabled === false) {
        finding.violation(
          `${finding.subject} can be deleted in one call: set terminationProtectionEnabled: true.`,
        );
      }
      const retention = store.retentionPeriod ?? EVENT_DATA_STORE_DEFAULT_RETENTION;
      if (retention < config.minRetentionDays) {
        finding.violation(
          `${finding.subject} keeps events ${retention} days: set retentionPeriod to at least ` +
            `${config.minRetentionDays}.`,
        );
      }
    },
  ),
);
