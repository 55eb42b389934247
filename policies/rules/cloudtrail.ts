import * as aws from "@pulumi/aws";
import {
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { BUCKET, BucketFacts, bucketFacts, ofClasses } from "../lib/buckets";
import {
  Finding,
  PolicySpec,
  StackContext,
  forType,
  resourcePolicy,
  stackPolicy,
} from "../lib/define";
import {
  ALL_LAMBDA_FUNCTIONS,
  ALL_S3_OBJECTS,
  recordsDataEvents,
  recordsManagementEvents,
} from "../lib/eventSelectors";
import { refersTo, s3BucketName } from "../lib/graph";
import { asRecord, isNonEmptyString, listing } from "../lib/values";
import { enforcesTls, missingPublicAccessFlags } from "./s3";

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
    const seen = recordsDataEvents(trail, "AWS::S3::Object", ALL_S3_OBJECTS);
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

/**
 * Runs `check` for each trail of the stack with the facts of the bucket it writes to; a trail
 * whose bucket another stack declares gets an advisory saying so, since nothing here can check it.
 */
function forEachTrailBucket<C>(
  stack: StackContext<C>,
  args: StackValidationArgs,
  check: (trail: Finding, facts: BucketFacts) => void,
): void {
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
          "stack does not manage, so its settings are checked where that bucket is declared.",
      );
      return;
    }
    check(finding, bucketFacts(stack.resources, bucket));
  });
}

/** CloudTrail.6 / CloudTrail.7 / CIS 3.4: the trail bucket, found through s3BucketName. */
export const cloudtrailBucketHardened: StackValidationPolicy = stackPolicy(
  bucketHardenedSpec,
  (stack, args) => {
    forEachTrailBucket(stack, args, (trail, facts) => {
      const gaps: string[] = [];
      const open = missingPublicAccessFlags(facts);
      if (open.length > 0)
        gaps.push(`an aws.s3.BucketPublicAccessBlock with ${listing(open)} true`);
      if (!enforcesTls(facts)) gaps.push('a bucket policy denying aws:SecureTransport = "false"');
      if (facts.logging.length === 0) gaps.push("an aws.s3.BucketLogging");
      if (gaps.length === 0) return;
      const bucketFinding = stack.findingFor(facts.bucket);
      bucketFinding.violation(
        `${bucketFinding.subject} holds the logs of ${trail.subject} but lacks ${listing(gaps)}: ` +
          "add them for this bucket.",
      );
    });
  },
);

const mfaDeleteSpec: PolicySpec = {
  name: "cloudtrail-bucket-mfa-delete",
  description: "The bucket a trail writes to requires MFA to delete object versions.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: {},
  remediationSteps:
    'Give the trail\'s bucket an aws.s3.BucketVersioning with versioningConfiguration { status: "Enabled", ' +
    'mfaDelete: "Enabled" } and mfa "<root MFA serial> <code>" (only the root user can enable it, and ' +
    "S3 then refuses lifecycle rules), or exempt the bucket with the reason, e.g. Object Lock retention.",
};

/**
 * Prowler's cloudtrail_bucket_requires_mfa_delete. A Pulumi program expresses MFA delete through
 * BucketVersioning's mfaDelete (applied once, with the root user's MFA code); it is advisory
 * because Object Lock retention protects versions better and MFA delete excludes lifecycle rules.
 */
export const cloudtrailBucketMfaDelete: StackValidationPolicy = stackPolicy(
  mfaDeleteSpec,
  (stack, args) => {
    forEachTrailBucket(stack, args, (trail, facts) => {
      const mfaDelete = facts.versioning.some(
        (v) => asRecord(v.props["versioningConfiguration"])?.["mfaDelete"] === "Enabled",
      );
      if (mfaDelete) return;
      const bucketFinding = stack.findingFor(facts.bucket);
      bucketFinding.violation(
        `${bucketFinding.subject} holds the logs of ${trail.subject} but lets object versions be ` +
          'deleted without MFA: set versioningConfiguration.mfaDelete "Enabled" (with mfa) on its ' +
          "aws.s3.BucketVersioning, or exempt the bucket with the reason.",
      );
    });
  },
);

const loggingSpec: PolicySpec = {
  name: "cloudtrail-logging-enabled",
  description: "CloudTrail trails are switched on.",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: { checkov: ["CKV_AWS_251"] },
  remediationSteps: "Remove enableLogging: false (the provider default is true).",
};

/** CKV_AWS_251: a stopped trail records nothing, however well it is configured otherwise. */
export const cloudtrailLoggingEnabled: ResourceValidationPolicy = resourcePolicy(
  loggingSpec,
  forType(loggingSpec, aws.cloudtrail.Trail, (trail, finding) => {
    if (trail.enableLogging === false) {
      finding.violation(
        `${finding.subject} is switched off and records no events: set enableLogging: true.`,
      );
    }
  }),
);

const snsSpec: PolicySpec = {
  name: "cloudtrail-sns-topic",
  description: "CloudTrail trails notify an SNS topic of every log file they deliver.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: { checkov: ["CKV_AWS_252"] },
  remediationSteps:
    "Set snsTopicName to a topic whose policy lets cloudtrail.amazonaws.com publish, and subscribe " +
    "a queue (not e-mail: an active account delivers many files an hour).",
};

/** CKV_AWS_252: consumers learn of new log files without polling the bucket. */
export const cloudtrailSnsTopic: ResourceValidationPolicy = resourcePolicy(
  snsSpec,
  forType(snsSpec, aws.cloudtrail.Trail, (trail, finding) => {
    if (!isNonEmptyString(trail.snsTopicName)) {
      finding.violation(
        `${finding.subject} announces no log file delivery: set snsTopicName to an SNS topic ` +
          "CloudTrail may publish to.",
      );
    }
  }),
);

const insightsSpec: PolicySpec = {
  name: "cloudtrail-insights",
  description: "CloudTrail trails record Insights events on API call and error rates.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: {},
  remediationSteps:
    'Set insightSelectors [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }].',
};

/** Prowler's cloudtrail_insights_exist: unusual API activity is flagged without a query. */
export const cloudtrailInsights: ResourceValidationPolicy = resourcePolicy(
  insightsSpec,
  forType(insightsSpec, aws.cloudtrail.Trail, (trail, finding) => {
    const types = (trail.insightSelectors ?? []).map((s) => s.insightType);
    const missing = ["ApiCallRateInsight", "ApiErrorRateInsight"].filter((t) => !types.includes(t));
    if (missing.length > 0) {
      finding.violation(
        `${finding.subject} records no ${listing(missing, "or")} events: add insightSelectors ` +
          `with insightType ${listing(
            missing.map((t) => `"${t}"`),
            "and",
          )}.`,
      );
    }
  }),
);

const lambdaEventsSpec: PolicySpec = {
  name: "cloudtrail-lambda-data-events",
  description: "A CloudTrail trail records the invocations of every Lambda function.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: {},
  remediationSteps:
    'Add an event selector with dataResources [{ type: "AWS::Lambda::Function", values: ["arn:aws:lambda"] }], ' +
    'or an advanced event selector with eventCategory "Data" and resources.type "AWS::Lambda::Function".',
};

/** Prowler's awslambda_function_invoke_api_operations_cloudtrail_logging_enabled, per trail. */
export const cloudtrailLambdaDataEvents: ResourceValidationPolicy = resourcePolicy(
  lambdaEventsSpec,
  forType(lambdaEventsSpec, aws.cloudtrail.Trail, (trail, finding) => {
    const seen = recordsDataEvents(trail, "AWS::Lambda::Function", ALL_LAMBDA_FUNCTIONS);
    if (!seen.write) {
      finding.violation(
        `${finding.subject} does not record Lambda invocations: add an event selector with ` +
          'dataResources type "AWS::Lambda::Function" and values ["arn:aws:lambda"].',
      );
    }
  }),
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
