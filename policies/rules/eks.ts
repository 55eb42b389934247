import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { listing } from "../lib/values";

interface EksConfig {
  requiredLogTypes: string[];
}

const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

const eksSpec: PolicySpec = {
  name: "eks-control-plane-logs",
  description: "EKS clusters send all five control-plane log types to CloudWatch Logs.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["EKS.8"], checkov: ["CKV_AWS_37"] },
  remediationSteps:
    'Set enabledClusterLogTypes to ["api", "audit", "authenticator", "controllerManager", "scheduler"].',
  configSchema: {
    properties: {
      requiredLogTypes: {
        type: "array",
        items: { type: "string", enum: EKS_LOG_TYPES },
        uniqueItems: true,
        default: EKS_LOG_TYPES,
        description: "Control-plane log types every cluster must enable.",
      },
    },
  },
};

/** EKS.8 / CKV_AWS_37. */
export const eksControlPlaneLogs: ResourceValidationPolicy = resourcePolicy(
  eksSpec,
  forType<aws.eks.Cluster, aws.eks.ClusterArgs, EksConfig>(
    eksSpec,
    aws.eks.Cluster,
    (cluster, finding, config) => {
      const enabled = cluster.enabledClusterLogTypes ?? [];
      const missing = config.requiredLogTypes.filter((t) => !enabled.includes(t));
      if (missing.length > 0) {
        finding.violation(
          `${finding.subject} does not log ${listing(missing)}: add them to enabledClusterLogTypes.`,
        );
      }
    },
  ),
);
