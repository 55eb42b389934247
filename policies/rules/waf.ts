import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";

const wafSpec: PolicySpec = {
  name: "waf-logging",
  description: "Every WAFv2 web ACL has a logging configuration.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["WAF.1", "WAF.11"], checkov: ["CKV2_AWS_31"] },
  remediationSteps:
    "Add an aws.wafv2.WebAclLoggingConfiguration with resourceArn = the web ACL's arn and " +
    'logDestinationConfigs = [a log group, bucket or Firehose whose name starts with "aws-waf-logs-"].',
};

/** WAF.1 / WAF.11 / CKV2_AWS_31. */
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
