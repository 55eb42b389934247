import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";

const codebuildSpec: PolicySpec = {
  name: "codebuild-logging",
  description:
    "CodeBuild projects declare where build logs go, and encrypt the ones they write to S3.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: {
    securityHub: ["CodeBuild.3", "CodeBuild.4"],
    checkov: ["CKV_AWS_311", "CKV_AWS_314"],
  },
  remediationSteps:
    'Set logsConfig { cloudwatchLogs: { status: "ENABLED", groupName } } (or s3Logs { status: ' +
    '"ENABLED", location }) and leave s3Logs.encryptionDisabled unset.',
};

/**
 * CodeBuild.3 / CodeBuild.4 / CKV_AWS_311 / CKV_AWS_314. AWS streams to a default group when
 * logsConfig is absent, but only a declared group gets the stack's retention and key, so the
 * policy asks for it explicitly as Checkov does.
 */
export const codebuildLogging: ResourceValidationPolicy = resourcePolicy(
  codebuildSpec,
  forType(codebuildSpec, aws.codebuild.Project, (project, finding) => {
    const logs = project.logsConfig;
    const cloudwatch =
      logs?.cloudwatchLogs !== undefined && logs.cloudwatchLogs.status !== "DISABLED";
    const s3 = logs?.s3Logs?.status === "ENABLED";
    if (!cloudwatch && !s3) {
      finding.violation(
        `${finding.subject} declares no build log destination: set logsConfig.cloudwatchLogs ` +
          '{ status: "ENABLED", groupName } or logsConfig.s3Logs { status: "ENABLED", location }.',
      );
    }
    if (logs?.s3Logs?.encryptionDisabled === true) {
      finding.violation(
        `${finding.subject} writes build logs to S3 unencrypted: remove logsConfig.s3Logs.encryptionDisabled.`,
      );
    }
  }),
);
