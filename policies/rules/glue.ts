import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { Finding, PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asRecord, isNonEmptyString } from "../lib/values";

const glueSpec: PolicySpec = {
  name: "glue-logging",
  description:
    "Glue jobs log continuously to CloudWatch, and jobs and development endpoints encrypt those logs with KMS.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["Glue.2"] },
  remediationSteps:
    'Set defaultArguments { "--enable-continuous-cloudwatch-log": "true" } on jobs, and ' +
    "securityConfiguration to an aws.glue.SecurityConfiguration whose encryptionConfiguration." +
    'cloudwatchEncryption.cloudwatchEncryptionMode is "SSE-KMS" (jobs and development endpoints).',
};

function encryptsLogs(config: PolicyResource): boolean {
  const cloudwatch = asRecord(
    asRecord(config.props["encryptionConfiguration"])?.["cloudwatchEncryption"],
  );
  return (cloudwatch?.["cloudwatchEncryptionMode"] ?? "DISABLED") !== "DISABLED";
}

/** Glue.2 and Prowler's glue_*_cloudwatch_logs_encryption_enabled checks. */
export const glueLogging: StackValidationPolicy = stackPolicy(glueSpec, (stack, args) => {
  const jobs = stack.resources.filter((r) => r.isType(aws.glue.Job));
  const endpoints = stack.resources.filter((r) => r.isType(aws.glue.DevEndpoint));
  if (jobs.length + endpoints.length === 0) {
    args.notApplicable("the stack has no Glue job or development endpoint");
  }
  const configs = stack.resources.filter((r) => r.isType(aws.glue.SecurityConfiguration));
  const checkEncryption = (r: PolicyResource, finding: Finding) => {
    const name = r.props["securityConfiguration"];
    if (!isNonEmptyString(name)) {
      finding.violation(
        `${finding.subject} runs without a security configuration, so its CloudWatch logs are ` +
          "not encrypted with KMS: set securityConfiguration to an aws.glue.SecurityConfiguration " +
          'with cloudwatchEncryption.cloudwatchEncryptionMode "SSE-KMS".',
      );
      return;
    }
    const config = configs.find((c) => refersTo(r, "securityConfiguration", c, ["name", "id"]));
    if (!config) {
      finding.advisory(
        `${finding.subject} uses security configuration ${name}, which this stack does not ` +
          "manage, so its log encryption is not checked here.",
      );
    } else if (!encryptsLogs(config)) {
      finding.violation(
        `${finding.subject} writes CloudWatch logs unencrypted: set encryptionConfiguration.` +
          'cloudwatchEncryption.cloudwatchEncryptionMode "SSE-KMS" on aws.glue.SecurityConfiguration ' +
          `"${config.name}".`,
      );
    }
  };
  stack.each(jobs, (job, finding) => {
    const argsOf = asRecord(job.props["defaultArguments"]);
    if (argsOf?.["--enable-continuous-cloudwatch-log"] !== "true") {
      finding.violation(
        `${finding.subject} does not log continuously: set defaultArguments ` +
          '{ "--enable-continuous-cloudwatch-log": "true" }.',
      );
    }
    checkEncryption(job, finding);
  });
  stack.each(endpoints, checkEncryption);
});
