import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";

const neptuneSpec: PolicySpec = {
  name: "neptune-audit-logs",
  description: "Neptune clusters export audit logs to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["Neptune.2"], checkov: ["CKV_AWS_101"] },
  remediationSteps:
    'Set enableCloudwatchLogsExports ["audit"] and neptune_enable_audit_log = 1 in the cluster parameter group.',
};

/** Neptune.2 / CKV_AWS_101. */
export const neptuneAuditLogs: ResourceValidationPolicy = resourcePolicy(
  neptuneSpec,
  forType(neptuneSpec, aws.neptune.Cluster, (cluster, finding) => {
    if (!(cluster.enableCloudwatchLogsExports ?? []).includes("audit")) {
      finding.violation(
        `${finding.subject} does not export audit logs: add "audit" to enableCloudwatchLogsExports.`,
      );
    }
  }),
);
