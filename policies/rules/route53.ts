import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asArray } from "../lib/values";

const queryLogSpec: PolicySpec = {
  name: "route53-query-logging",
  description: "Every public Route 53 hosted zone logs DNS queries to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { checkov: ["CKV2_AWS_39"] },
  remediationSteps:
    "Add an aws.route53.QueryLog with zoneId = the zone's zoneId and cloudwatchLogGroupArn = a log " +
    'group in us-east-1 (a "/aws/route53/…" group that a LogResourcePolicy lets route53.amazonaws.com write).',
};

/**
 * CKV2_AWS_39 and Prowler's route53_public_hosted_zones_cloudwatch_logging_enabled. Private zones
 * (with `vpcs`) log through Resolver query logging instead, which neither scanner requires.
 */
export const route53QueryLogging: StackValidationPolicy = stackPolicy(
  queryLogSpec,
  (stack, args) => {
    const zones = stack.resources.filter(
      (r) => r.isType(aws.route53.Zone) && asArray(r.props["vpcs"]).length === 0,
    );
    if (zones.length === 0) args.notApplicable("the stack has no public hosted zone");
    const logs = stack.resources.filter((r) => r.isType(aws.route53.QueryLog));
    stack.each(zones, (zone, finding) => {
      if (logs.some((l) => refersTo(l, "zoneId", zone, ["zoneId", "id"]))) return;
      finding.violation(
        `${finding.subject} logs no DNS queries: add an aws.route53.QueryLog with zoneId = this ` +
          "zone's zoneId and a cloudwatchLogGroupArn in us-east-1.",
      );
    });
  },
);
