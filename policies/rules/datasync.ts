import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString } from "../lib/values";

const datasyncSpec: PolicySpec = {
  name: "datasync-logging",
  description: "DataSync tasks log transfers to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    'Set cloudwatchLogGroupArn (and options.logLevel "BASIC" or "TRANSFER") on the task.',
};

/** Prowler's datasync_task_logging_enabled. */
export const datasyncLogging: ResourceValidationPolicy = resourcePolicy(
  datasyncSpec,
  forType(datasyncSpec, aws.datasync.Task, (task, finding) => {
    if (!isNonEmptyString(task.cloudwatchLogGroupArn) || task.options?.logLevel === "OFF") {
      finding.violation(
        `${finding.subject} logs no transfers: set cloudwatchLogGroupArn and options.logLevel ` +
          '"BASIC" or "TRANSFER".',
      );
    }
  }),
);
