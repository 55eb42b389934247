import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asArray, asRecord, isNonEmptyString, listing, parseDocument } from "../lib/values";

const wafSpec: PolicySpec = {
  name: "waf-logging",
  description: "Every WAFv2 web ACL has a logging configuration.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["WAF.11"], checkov: ["CKV2_AWS_31"] },
  remediationSteps:
    "Add an aws.wafv2.WebAclLoggingConfiguration with resourceArn = the web ACL's arn and " +
    'logDestinationConfigs = [a log group, bucket or Firehose whose name starts with "aws-waf-logs-"].',
};

/** WAF.11 / CKV2_AWS_31. */
export const wafLogging: StackValidationPolicy = stackPolicy(wafSpec, (stack, args) => {
  const acls = stack.resources.filter((r) => r.isType(aws.wafv2.WebAcl));
  if (acls.length === 0) args.notApplicable("the stack has no WAFv2 web ACL");
  const configs = stack.resources.filter((r) => r.isType(aws.wafv2.WebAclLoggingConfiguration));
  stack.each(acls, (acl, finding) => {
    if (configs.some((c) => refersTo(c, "resourceArn", acl, ["arn"]))) return;
    finding.violation(
      `${finding.subject} logs no requests: add an aws.wafv2.WebAclLoggingConfiguration with ` +
        "resourceArn = this web ACL's arn.",
    );
  });
});

const classicSpec: PolicySpec = {
  name: "waf-classic-logging",
  description: "Every WAF Classic web ACL, global or regional, logs to a Firehose stream.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["WAF.1"], checkov: ["CKV_AWS_176"] },
  remediationSteps:
    'Set loggingConfiguration { logDestination: <ARN of a Firehose stream named "aws-waf-logs-…"> } ' +
    "(or migrate the web ACL to WAFv2).",
};

const classicMessage = (subject: string) =>
  `${subject} logs no requests: set loggingConfiguration.logDestination to the ARN of an ` +
  '"aws-waf-logs-" Firehose stream.';

/** WAF.1 / CKV_AWS_176: WAF Classic keeps its logging inline on the web ACL. */
export const wafClassicLogging: ResourceValidationPolicy = resourcePolicy(classicSpec, [
  forType(classicSpec, aws.waf.WebAcl, (acl, finding) => {
    if (!isNonEmptyString(acl.loggingConfiguration?.logDestination)) {
      finding.violation(classicMessage(finding.subject));
    }
  }),
  forType(classicSpec, aws.wafregional.WebAcl, (acl, finding) => {
    if (!isNonEmptyString(acl.loggingConfiguration?.logDestination)) {
      finding.violation(classicMessage(finding.subject));
    }
  }),
]);

const metricsSpec: PolicySpec = {
  name: "waf-rule-metrics",
  description: "Every rule of a WAFv2 web ACL publishes CloudWatch metrics.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: { securityHub: ["WAF.12"] },
  remediationSteps:
    "Set visibilityConfig { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled } on " +
    "every rule (inline rules, ruleJson, aws.wafv2.WebAclRule and aws.wafv2.WebAclRuleGroupAssociation).",
};

/** Names of the inline or JSON rules of a web ACL without CloudWatch metrics. */
function rulesWithoutMetrics(acl: { rules?: unknown; ruleJson?: string }): string[] | undefined {
  const inline = asArray(acl.rules)
    .map((r) => asRecord(r))
    .filter((r) => asRecord(r?.["visibilityConfig"])?.["cloudwatchMetricsEnabled"] !== true)
    .map((r) => String(r?.["name"]));
  if (acl.ruleJson === undefined) return inline;
  const parsed = parseDocument(acl.ruleJson);
  if (!parsed.ok) return undefined;
  const fromJson = asArray(parsed.doc)
    .map((r) => asRecord(r))
    .filter((r) => asRecord(r?.["VisibilityConfig"])?.["CloudWatchMetricsEnabled"] !== true)
    .map((r) => String(r?.["Name"]));
  return [...inline, ...fromJson];
}

const metricsMessage = (subject: string) =>
  `${subject} publishes no CloudWatch metrics: set visibilityConfig.cloudwatchMetricsEnabled: true.`;

/** WAF.12: a rule without metrics cannot be told apart when it blocks or counts. */
export const wafRuleMetrics: ResourceValidationPolicy = resourcePolicy(metricsSpec, [
  forType(metricsSpec, aws.wafv2.WebAcl, (acl, finding) => {
    const missing = rulesWithoutMetrics(acl);
    if (missing === undefined) {
      finding.violation(`${finding.subject} ruleJson is not valid JSON: fix the document.`);
    } else if (missing.length > 0) {
      finding.violation(
        `${finding.subject} ${missing.length > 1 ? "rules" : "rule"} ` +
          `${listing(missing.map((n) => `"${n}"`))} publish${missing.length > 1 ? "" : "es"} no ` +
          "CloudWatch metrics: set visibilityConfig.cloudwatchMetricsEnabled: true on each.",
      );
    }
  }),
  forType(metricsSpec, aws.wafv2.WebAclRule, (rule, finding) => {
    if (rule.visibilityConfig?.cloudwatchMetricsEnabled !== true) {
      finding.violation(metricsMessage(finding.subject));
    }
  }),
  forType(metricsSpec, aws.wafv2.WebAclRuleGroupAssociation, (rule, finding) => {
    if (rule.visibilityConfig?.cloudwatchMetricsEnabled !== true) {
      finding.violation(metricsMessage(finding.subject));
    }
  }),
]);
