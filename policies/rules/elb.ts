import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString } from "../lib/values";

interface ElbConfig {
  loadBalancerTypes: string[];
}

const elbSpec: PolicySpec = {
  name: "elb-access-logs",
  description: "Application and Classic Load Balancers write access logs to S3.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["ELB.5"], checkov: ["CKV_AWS_91"] },
  remediationSteps:
    "Set accessLogs { bucket: <log bucket>, enabled: true } (the bucket must use SSE-S3 and allow " +
    "the ELB log delivery principal).",
  configSchema: {
    properties: {
      loadBalancerTypes: {
        type: "array",
        items: { type: "string", enum: ["application", "network", "gateway"] },
        uniqueItems: true,
        default: ["application"],
        description:
          "aws.lb.LoadBalancer types that must log (Classic Load Balancers always must).",
      },
    },
  },
};

/** ELB.5 / CKV_AWS_91. */
export const elbAccessLogs: ResourceValidationPolicy = resourcePolicy(elbSpec, [
  forType<aws.lb.LoadBalancer, aws.lb.LoadBalancerArgs, ElbConfig>(
    elbSpec,
    aws.lb.LoadBalancer,
    (lb, finding, config, args) => {
      const type = lb.loadBalancerType ?? "application";
      if (!config.loadBalancerTypes.includes(type)) {
        args.notApplicable(`${type} load balancers are not in loadBalancerTypes`);
      }
      if (lb.accessLogs?.enabled !== true || !isNonEmptyString(lb.accessLogs.bucket)) {
        finding.violation(
          `${finding.subject} writes no access logs: set accessLogs { bucket: <log bucket>, enabled: true }.`,
        );
      }
    },
  ),
  forType(elbSpec, aws.elb.LoadBalancer, (lb, finding) => {
    if (
      !lb.accessLogs ||
      lb.accessLogs.enabled === false ||
      !isNonEmptyString(lb.accessLogs.bucket)
    ) {
      finding.violation(
        `${finding.subject} writes no access logs: set accessLogs { bucket: <log bucket>, enabled: true }.`,
      );
    }
  }),
]);
