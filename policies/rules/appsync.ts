import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString } from "../lib/values";

const appsyncSpec: PolicySpec = {
  name: "appsync-logging",
  description: "AppSync GraphQL and Event APIs log to CloudWatch Logs at level ERROR or more.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["AppSync.2"], checkov: ["CKV_AWS_193", "CKV_AWS_194"] },
  remediationSteps:
    'Set logConfig { cloudwatchLogsRoleArn, fieldLogLevel: "ERROR" or "ALL" } on GraphQL APIs and ' +
    'eventConfig.logConfig { cloudwatchLogsRoleArn, logLevel: "ERROR" or more } on Event APIs.',
};

/** GraphQL field-level log levels that write something. */
const FIELD_LEVELS = ["ERROR", "ALL"];
/** Event API log levels that write something. */
const EVENT_LEVELS = ["ERROR", "INFO", "DEBUG", "ALL"];

/** AppSync.2 / CKV_AWS_193 / CKV_AWS_194. */
export const appsyncLogging: ResourceValidationPolicy = resourcePolicy(appsyncSpec, [
  forType(appsyncSpec, aws.appsync.GraphQLApi, (api, finding) => {
    const log = api.logConfig;
    if (!isNonEmptyString(log?.cloudwatchLogsRoleArn)) {
      finding.violation(
        `${finding.subject} writes no logs: set logConfig { cloudwatchLogsRoleArn, fieldLogLevel: "ERROR" }.`,
      );
    } else if (!FIELD_LEVELS.includes(log.fieldLogLevel)) {
      finding.violation(
        `${finding.subject} logs at field level ${log.fieldLogLevel}: set logConfig.fieldLogLevel "ERROR" or "ALL".`,
      );
    }
  }),
  forType(appsyncSpec, aws.appsync.Api, (api, finding) => {
    const log = api.eventConfig.logConfig;
    if (!isNonEmptyString(log?.cloudwatchLogsRoleArn)) {
      finding.violation(
        `${finding.subject} writes no logs: set eventConfig.logConfig { cloudwatchLogsRoleArn, logLevel: "ERROR" }.`,
      );
    } else if (!EVENT_LEVELS.includes(log.logLevel)) {
      finding.violation(
        `${finding.subject} logs at level ${log.logLevel}: set eventConfig.logConfig.logLevel "ERROR" or more.`,
      );
    }
  }),
]);
