import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { listing } from "../lib/values";

interface MwaaConfig {
  requiredLogs: string[];
}

const MWAA_LOGS = ["dagProcessingLogs", "schedulerLogs", "taskLogs", "webserverLogs", "workerLogs"];

const mwaaSpec: PolicySpec = {
  name: "mwaa-logging",
  description:
    "Managed Airflow environments send their DAG, scheduler, task, webserver and worker logs to CloudWatch.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { checkov: ["CKV_AWS_242", "CKV_AWS_243", "CKV_AWS_244"] },
  remediationSteps:
    "Set loggingConfiguration.<module> { enabled: true, logLevel } for every module listed in requiredLogs.",
  configSchema: {
    properties: {
      requiredLogs: {
        type: "array",
        items: { type: "string", enum: MWAA_LOGS },
        uniqueItems: true,
        default: MWAA_LOGS,
        description: "loggingConfiguration modules every environment must enable.",
      },
    },
  },
};

/** CKV_AWS_242 / CKV_AWS_243 / CKV_AWS_244: only task logs are on by default. */
export const mwaaLogging: ResourceValidationPolicy = resourcePolicy(
  mwaaSpec,
  forType<aws.mwaa.Environment, aws.mwaa.EnvironmentArgs, MwaaConfig>(
    mwaaSpec,
    aws.mwaa.Environment,
    (env, finding, config) => {
      const logging = env.loggingConfiguration as
        Record<string, { enabled?: boolean } | undefined> | undefined;
      // Task logs are the one module the service enables when loggingConfiguration omits it.
      const enabled = (module: string) =>
        logging?.[module]?.enabled ?? (module === "taskLogs" ? true : false);
      const missing = config.requiredLogs.filter((m) => !enabled(m));
      if (missing.length > 0) {
        finding.violation(
          `${finding.subject} does not log ${listing(missing)}: set loggingConfiguration.<module> ` +
            "{ enabled: true } for each.",
        );
      }
    },
  ),
);
