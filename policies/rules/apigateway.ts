import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy, stackPolicy } from "../lib/define";
import { refersTo, sameReference } from "../lib/graph";
import { asArray, asRecord, isNonEmptyString, listing } from "../lib/values";

const accessSpec: PolicySpec = {
  name: "apigateway-logging",
  description: "API Gateway stages (REST, HTTP and WebSocket) write access logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["APIGateway.9"], checkov: ["CKV_AWS_76"] },
  remediationSteps:
    "Set accessLogSettings { destinationArn: <log group ARN>, format: <JSON format> }.",
};

function hasAccessLogs(
  settings: { destinationArn?: string; format?: string } | undefined,
): boolean {
  return isNonEmptyString(settings?.destinationArn) && isNonEmptyString(settings?.format);
}

const accessMessage = (subject: string) =>
  `${subject} writes no access logs: set accessLogSettings { destinationArn: <log group ARN>, format }.`;

/** APIGateway.9 / CKV_AWS_76: who called which route, from where, with what result. */
export const apigatewayLogging: ResourceValidationPolicy = resourcePolicy(accessSpec, [
  forType(accessSpec, aws.apigateway.Stage, (stage, finding) => {
    if (!hasAccessLogs(stage.accessLogSettings)) finding.violation(accessMessage(finding.subject));
  }),
  forType(accessSpec, aws.apigatewayv2.Stage, (stage, finding) => {
    if (!hasAccessLogs(stage.accessLogSettings)) finding.violation(accessMessage(finding.subject));
  }),
]);

/** Execution-log levels that write to CloudWatch Logs. */
const LOGGING_LEVELS = ["ERROR", "INFO"];

function logsExecution(settings: Record<string, unknown> | undefined): boolean {
  return LOGGING_LEVELS.includes(String(settings?.["loggingLevel"] ?? "OFF"));
}

const executionSpec: PolicySpec = {
  name: "apigateway-execution-logging",
  description:
    "API Gateway REST stages and WebSocket stages write execution logs (level ERROR or INFO) to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["APIGateway.1"], checkov: ["CKV2_AWS_4"] },
  remediationSteps:
    'For a REST stage add an aws.apigateway.MethodSettings (restApi, stageName, methodPath "*/*") ' +
    'with settings { loggingLevel: "ERROR" or "INFO", metricsEnabled: true }; for a WebSocket stage ' +
    'set defaultRouteSettings.loggingLevel "ERROR" or "INFO".',
};

/** The MethodSettings of one REST stage: same REST API, same stage name. */
function methodSettingsOf(stage: PolicyResource, all: PolicyResource[]): PolicyResource[] {
  return all.filter(
    (ms) =>
      refersTo(ms, "stageName", stage, ["stageName"]) &&
      sameReference(ms, "restApi", stage, "restApi", ["id"]),
  );
}

/**
 * APIGateway.1 / CKV2_AWS_4. REST stages log execution through separate MethodSettings; WebSocket
 * stages through defaultRouteSettings (HTTP APIs have no execution logs, so their stages and
 * stages of APIs declared elsewhere are left to apigateway-logging).
 */
export const apigatewayExecutionLogging: StackValidationPolicy = stackPolicy(
  executionSpec,
  (stack, args) => {
    const restStages = stack.resources.filter((r) => r.isType(aws.apigateway.Stage));
    const apis = stack.resources.filter((r) => r.isType(aws.apigatewayv2.Api));
    const webSocketStages = stack.resources.filter(
      (r) =>
        r.isType(aws.apigatewayv2.Stage) &&
        apis.some(
          (api) => api.props["protocolType"] === "WEBSOCKET" && refersTo(r, "apiId", api, ["id"]),
        ),
    );
    if (restStages.length + webSocketStages.length === 0) {
      args.notApplicable("the stack has no REST or WebSocket API stage");
    }
    const allSettings = stack.resources.filter((r) => r.isType(aws.apigateway.MethodSettings));
    stack.each(restStages, (stage, finding) => {
      const own = methodSettingsOf(stage, allSettings);
      const ok = own.some((ms) => {
        const settings = asRecord(ms.props["settings"]);
        return logsExecution(settings) && settings?.["metricsEnabled"] === true;
      });
      if (ok) return;
      finding.violation(
        own.length === 0
          ? `${finding.subject} writes no execution logs: add an aws.apigateway.MethodSettings with ` +
              'restApi and stageName of this stage, methodPath "*/*" and settings { loggingLevel: ' +
              '"ERROR" or "INFO", metricsEnabled: true }.'
          : `${finding.subject} writes no execution logs: set settings.loggingLevel "ERROR" or ` +
              `"INFO" and settings.metricsEnabled: true on its ${listing(
                own.map((ms) => `aws.apigateway.MethodSettings "${ms.name}"`),
              )}.`,
      );
    });
    stack.each(webSocketStages, (stage, finding) => {
      if (logsExecution(asRecord(stage.props["defaultRouteSettings"]))) return;
      finding.violation(
        `${finding.subject} writes no execution logs: set defaultRouteSettings.loggingLevel ` +
          '"ERROR" or "INFO".',
      );
    });
  },
);

const dataTraceSpec: PolicySpec = {
  name: "apigateway-no-data-trace",
  description:
    "API Gateway does not log full requests and responses (data trace), which can hold credentials and personal data.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: { checkov: ["CKV_AWS_276"] },
  remediationSteps:
    "Remove dataTraceEnabled: true from MethodSettings settings and from WebSocket stages' route settings; " +
    "use loggingLevel for execution logs.",
};

/** CKV_AWS_276: execution logs, yes; request and response bodies, no. */
export const apigatewayNoDataTrace: ResourceValidationPolicy = resourcePolicy(dataTraceSpec, [
  forType(dataTraceSpec, aws.apigateway.MethodSettings, (ms, finding) => {
    if (ms.settings?.dataTraceEnabled === true) {
      finding.violation(
        `${finding.subject} logs full requests and responses: remove settings.dataTraceEnabled.`,
      );
    }
  }),
  forType(dataTraceSpec, aws.apigatewayv2.Stage, (stage, finding) => {
    const traced = [
      ...(stage.defaultRouteSettings?.dataTraceEnabled === true ? ["defaultRouteSettings"] : []),
      ...asArray(stage.routeSettings)
        .map((r) => asRecord(r))
        .filter((r) => r?.["dataTraceEnabled"] === true)
        .map((r) => `routeSettings "${String(r?.["routeKey"])}"`),
    ];
    if (traced.length > 0) {
      finding.violation(
        `${finding.subject} logs full messages: remove dataTraceEnabled from ${listing(traced)}.`,
      );
    }
  }),
]);
