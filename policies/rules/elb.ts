import * as aws from "@pulumi/aws";
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { Finding, PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString } from "../lib/values";

interface ElbConfig {
  loadBalancerTypes: string[];
}

const elbSpec: PolicySpec = {
  name: "elb-access-logs",
  description: "Application, Network and Classic Load Balancers write access logs to S3.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["ELB.5"], checkov: ["CKV_AWS_91", "CKV_AWS_92"] },
  remediationSteps:
    "Set accessLogs { bucket: <log bucket>, enabled: true } (the bucket must use SSE-S3 and allow " +
    "the ELB log delivery principal).",
  configSchema: {
    properties: {
      loadBalancerTypes: {
        type: "array",
        items: { type: "string", enum: ["application", "network"] },
        uniqueItems: true,
        default: ["application", "network"],
        description:
          "aws.lb.LoadBalancer types that must log (Classic Load Balancers always must; Gateway Load Balancers have no access logs).",
      },
    },
  },
};

const accessLogsMessage = (subject: string) =>
  `${subject} writes no access logs: set accessLogs { bucket: <log bucket>, enabled: true }.`;

/** The check of aws.lb.LoadBalancer and its alias aws.alb.LoadBalancer. */
function checkV2(
  lb: { loadBalancerType?: string; accessLogs?: { bucket?: string; enabled?: boolean } },
  finding: Finding,
  config: ElbConfig,
  args: ResourceValidationArgs,
): void {
  const type = lb.loadBalancerType ?? "application";
  if (type === "gateway") args.notApplicable("Gateway Load Balancers have no access logs");
  if (!config.loadBalancerTypes.includes(type)) {
    args.notApplicable(`${type} load balancers are not in loadBalancerTypes`);
  }
  if (lb.accessLogs?.enabled !== true || !isNonEmptyString(lb.accessLogs.bucket)) {
    finding.violation(accessLogsMessage(finding.subject));
  }
}

/** ELB.5 / CKV_AWS_91 / CKV_AWS_92: ALBs and NLBs (either class name) and Classic ones. */
export const elbAccessLogs: ResourceValidationPolicy = resourcePolicy(elbSpec, [
  forType<aws.lb.LoadBalancer, aws.lb.LoadBalancerArgs, ElbConfig>(
    elbSpec,
    aws.lb.LoadBalancer,
    checkV2,
  ),
  forType<aws.alb.LoadBalancer, aws.alb.LoadBalancerArgs, ElbConfig>(
    elbSpec,
    aws.alb.LoadBalancer,
    checkV2,
  ),
  forType(elbSpec, aws.elb.LoadBalancer, (lb, finding) => {
    if (
      !lb.accessLogs ||
      lb.accessLogs.enabled === false ||
      !isNonEmptyString(lb.accessLogs.bucket)
    ) {
      finding.violation(accessLogsMessage(finding.subject));
    }
  }),
]);
