import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asRecord, isNonEmptyString } from "../lib/values";

const lambdaSpec: PolicySpec = {
  name: "lambda-logging",
  description: "Lambda functions log in JSON to a log group the stack manages with a retention.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: {},
  remediationSteps:
    'Set loggingConfig { logFormat: "JSON", logGroup: <name> } and declare that aws.cloudwatch.LogGroup ' +
    "(default name /aws/lambda/<function name>) with retentionInDays.",
};

/** Without a managed group Lambda creates one on first invoke that never expires. */
export const lambdaLogging: StackValidationPolicy = stackPolicy(lambdaSpec, (stack, args) => {
  const functions = stack.resources.filter((r) => r.isType(aws.lambda.Function));
  if (functions.length === 0) args.notApplicable("the stack has no Lambda function");
  const groups = stack.resources.filter((r) => r.isType(aws.cloudwatch.LogGroup));
  stack.each(functions, (fn, finding) => {
    const logging = asRecord(fn.props["loggingConfig"]);
    if (!logging) {
      finding.violation(
        `${finding.subject} has no loggingConfig: set loggingConfig { logFormat: "JSON", logGroup } ` +
          "so logs are structured and land in a managed group.",
      );
    } else if (logging["logFormat"] !== "JSON") {
      finding.violation(
        `${finding.subject} logs plain text: set loggingConfig.logFormat to "JSON" so log fields can be queried.`,
      );
    }
    const explicit = logging?.["logGroup"];
    const groupName = isNonEmptyString(explicit)
      ? explicit
      : `/aws/lambda/${String(fn.props["name"] ?? fn.name)}`;
    const group = groups.find(
      (g) =>
        refersTo(fn, "loggingConfig", g, ["name"], () => explicit) || g.props["name"] === groupName,
    );
    if (!group) {
      finding.violation(
        `${finding.subject} writes to log group ${groupName}, which this stack does not manage, so ` +
          `Lambda creates it without retention: declare an aws.cloudwatch.LogGroup named ${groupName} ` +
          "with retentionInDays.",
      );
    } else if (!(
      typeof group.props["retentionInDays"] === "number" && group.props["retentionInDays"] > 0
    )) {
      finding.violation(
        `${finding.subject} logs to ${groupName}, which never expires events: set retentionInDays on ` +
          `aws.cloudwatch.LogGroup "${group.name}".`,
      );
    }
  });
});
