import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString } from "../lib/values";

const apiSpec: PolicySpec = {
  name: "apigateway-logging",
  description: "API Gateway stages (REST, HTTP and WebSocket) write access logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["APIGateway.1", "APIGateway.9"], checkov: ["CKV_AWS_76"] },
  remediationSteps:
    "Set accessLogSettings { destinationArn: <log group ARN>, format: <JSON format> }.",
};

function hasAccessLogs(
  settings: { destinationArn?: string; format?: string } | undefined,
): boolean {
  return isNonEmptyString(settings?.destinationArn) && isNonEmptyString(settings?.format);
}

const message = (subject: string) =>
  `${subject} writes no access logs: set accessLogSettings { destinationArn: <log group ARN>, format }.`;

/** APIGateway.1 / APIGateway.9 / CKV_AWS_76. */
export const apigatewayLogging: ResourceValidationPolicy = resourcePolicy(apiSpec, [
  forType(apiSpec, aws.apigateway.Stage, (stage, finding) => {
    if (!hasAccessLogs(stage.accessLogSettings)) finding.violation(message(finding.subject));
  }),
  forType(apiSpec, aws.apigatewayv2.Stage, (stage, finding) => {
    if (!hasAccessLogs(stage.accessLogSettings)) finding.violation(message(finding.subject));
  }),
]);
