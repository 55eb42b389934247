import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString, listing } from "../lib/values";

interface SfnConfig {
  acceptedLevels: string[];
  requireExecutionData: boolean;
}

const sfnSpec: PolicySpec = {
  name: "sfn-logging",
  description: "Step Functions state machines log executions, with their data, to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["StepFunctions.1"], checkov: ["CKV_AWS_285"] },
  remediationSteps:
    'Set loggingConfiguration { level: "ALL" or "ERROR", includeExecutionData: true, ' +
    'logDestination: "<log group ARN>:*" }.',
  configSchema: {
    properties: {
      acceptedLevels: {
        type: "array",
        items: { type: "string", enum: ["ALL", "ERROR", "FATAL"] },
        minItems: 1,
        uniqueItems: true,
        default: ["ALL", "ERROR", "FATAL"],
        description: "loggingConfiguration.level values that satisfy the control.",
      },
      requireExecutionData: {
        type: "boolean",
        default: true,
        description:
          "Require loggingConfiguration.includeExecutionData: true (input, output and state data in the log).",
      },
    },
  },
};

/** StepFunctions.1 / CKV_AWS_285. */
export const sfnLogging: ResourceValidationPolicy = resourcePolicy(
  sfnSpec,
  forType<aws.sfn.StateMachine, aws.sfn.StateMachineArgs, SfnConfig>(
    sfnSpec,
    aws.sfn.StateMachine,
    (machine, finding, config) => {
      const logging = machine.loggingConfiguration;
      const level = logging?.level ?? "OFF";
      if (!config.acceptedLevels.includes(level)) {
        finding.violation(
          `${finding.subject} logs at level ${level}: set loggingConfiguration.level to ` +
            `${listing(
              config.acceptedLevels.map((l) => `"${l}"`),
              "or",
            )} and logDestination.`,
        );
      } else if (!isNonEmptyString(logging?.logDestination)) {
        finding.violation(
          `${finding.subject} has no log destination: set loggingConfiguration.logDestination to "<log group ARN>:*".`,
        );
      }
      if (
        config.requireExecutionData &&
        level !== "OFF" &&
        logging?.includeExecutionData !== true
      ) {
        finding.violation(
          `${finding.subject} logs execution events without their input and output: set ` +
            "loggingConfiguration.includeExecutionData: true.",
        );
      }
    },
  ),
);
