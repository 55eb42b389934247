import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { listing } from "../lib/values";

/** audit_logs values that record events (`enabled` is the legacy spelling of `ddl`). */
const AUDITING_VALUES = ["enabled", "ddl", "all"];

const docdbSpec: PolicySpec = {
  name: "docdb-audit-logs",
  description:
    "DocumentDB clusters export audit and profiler logs, and their cluster parameter groups turn auditing on.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["DocumentDB.4"], checkov: ["CKV_AWS_85", "CKV_AWS_104"] },
  remediationSteps:
    'Set enabledCloudwatchLogsExports ["audit", "profiler"] on the cluster and give its ' +
    'aws.docdb.ClusterParameterGroup parameter { name: "audit_logs", value: "enabled" } (or "ddl", "all").',
};

/**
 * DocumentDB.4 / CKV_AWS_85 / CKV_AWS_104. The export ships what the audit_logs parameter lets
 * the engine write, so the policy checks both: the cluster and every cluster parameter group.
 */
export const docdbAuditLogs: ResourceValidationPolicy = resourcePolicy(docdbSpec, [
  forType(docdbSpec, aws.docdb.Cluster, (cluster, finding) => {
    const exported = cluster.enabledCloudwatchLogsExports ?? [];
    const missing = ["audit", "profiler"].filter((t) => !exported.includes(t));
    if (missing.length > 0) {
      finding.violation(
        `${finding.subject} does not export ${listing(missing.map((t) => `"${t}"`))}: add them ` +
          "to enabledCloudwatchLogsExports.",
      );
    }
  }),
  forType(docdbSpec, aws.docdb.ClusterParameterGroup, (group, finding) => {
    const audit = (group.parameters ?? []).find((p) => p.name === "audit_logs");
    const values = String(audit?.value ?? "disabled")
      .split(",")
      .map((v) => v.trim());
    if (!values.some((v) => AUDITING_VALUES.includes(v))) {
      finding.violation(
        `${finding.subject} leaves auditing off: set parameter { name: "audit_logs", value: ` +
          '"enabled" } (or "ddl", "all").',
      );
    }
  }),
]);
