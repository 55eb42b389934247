import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { BUCKET, BUCKET_ENCRYPTION, configures, ofClasses } from "../lib/buckets";
import { PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asRecord, isNonEmptyString, listing } from "../lib/values";

const invocationSpec: PolicySpec = {
  name: "bedrock-invocation-logging",
  description:
    "Bedrock model invocations are logged, with text data, to an encrypted log group or bucket.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    "Declare one aws.bedrockmodel.InvocationLoggingConfiguration per account and region with " +
    "loggingConfig.cloudwatchConfig { logGroupName, roleArn } (a log group with kmsKeyId) or " +
    "loggingConfig.s3Config { bucketName } (a bucket with default encryption).",
};

/**
 * Prowler's bedrock_model_invocation_logging_enabled and _logs_encryption_enabled. The setting is
 * per account and region, so a stack that uses Bedrock without declaring it gets an advisory: the
 * configuration may live in another stack.
 */
export const bedrockInvocationLogging: StackValidationPolicy = stackPolicy(
  invocationSpec,
  (stack, args) => {
    const configs = stack.resources.filter((r) =>
      r.isType(aws.bedrockmodel.InvocationLoggingConfiguration),
    );
    const users = stack.resources.filter((r) => r.type.startsWith("aws:bedrock/"));
    if (configs.length + users.length === 0) args.notApplicable("the stack does not use Bedrock");
    if (configs.length === 0) {
      stack.each(users, (_user, finding) =>
        finding.advisory(
          `${finding.subject} invokes Bedrock models, and this stack declares no ` +
            "aws.bedrockmodel.InvocationLoggingConfiguration: make sure one exists for its account and region.",
        ),
      );
    }
    const groups = stack.resources.filter((r) => r.isType(aws.cloudwatch.LogGroup));
    const buckets = ofClasses(stack.resources, BUCKET);
    const encryption = ofClasses(stack.resources, BUCKET_ENCRYPTION);
    stack.each(configs, (config, finding) => {
      const logging = asRecord(config.props["loggingConfig"]);
      const cloudwatch = asRecord(logging?.["cloudwatchConfig"]);
      const s3 = asRecord(logging?.["s3Config"]);
      if (
        !isNonEmptyString(cloudwatch?.["logGroupName"]) &&
        !isNonEmptyString(s3?.["bucketName"])
      ) {
        finding.violation(
          `${finding.subject} logs invocations nowhere: set loggingConfig.cloudwatchConfig ` +
            "{ logGroupName, roleArn } or loggingConfig.s3Config { bucketName }.",
        );
        return;
      }
      if (logging?.["textDataDeliveryEnabled"] === false) {
        finding.violation(
          `${finding.subject} drops prompts and completions: remove loggingConfig.textDataDeliveryEnabled: false.`,
        );
      }
      const unencrypted: string[] = [];
      const group = groups.find((g) =>
        refersTo(config, "loggingConfig", g, ["name"], () => cloudwatch?.["logGroupName"]),
      );
      if (group && !isNonEmptyString(group.props["kmsKeyId"])) {
        unencrypted.push(`kmsKeyId on aws.cloudwatch.LogGroup "${group.name}"`);
      }
      const bucket = buckets.find((b) =>
        refersTo(config, "loggingConfig", b, ["bucket", "id"], () => s3?.["bucketName"]),
      );
      if (bucket && !encryption.some((e) => configures(e, bucket))) {
        unencrypted.push(
          `an aws.s3.BucketServerSideEncryptionConfiguration for aws.s3.Bucket "${bucket.name}"`,
        );
      }
      if (unencrypted.length > 0) {
        finding.violation(
          `${finding.subject} delivers invocation logs unencrypted: add ${listing(unencrypted)}.`,
        );
      }
    });
  },
);
