import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";

const rdsSpec: PolicySpec = {
  name: "rds-log-exports",
  description: "RDS instances and Aurora clusters export database logs to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: {
    securityHub: ["RDS.9", "RDS.34", "RDS.36", "RDS.37", "RDS.40"],
    checkov: ["CKV_AWS_129"],
  },
  remediationSteps:
    'Set enabledCloudwatchLogsExports to the engine\'s logs (e.g. ["audit", "error", "general", ' +
    '"slowquery"] for MySQL, ["postgresql"] for PostgreSQL).',
};

const message = (subject: string) =>
  `${subject} exports no database logs: set enabledCloudwatchLogsExports to the engine's log types.`;

/** RDS.9 / RDS.34–.45 / CKV_AWS_129. */
export const rdsLogExports: ResourceValidationPolicy = resourcePolicy(rdsSpec, [
  forType(rdsSpec, aws.rds.Instance, (db, finding) => {
    if ((db.enabledCloudwatchLogsExports ?? []).length === 0)
      finding.violation(message(finding.subject));
  }),
  forType(rdsSpec, aws.rds.Cluster, (db, finding) => {
    if ((db.enabledCloudwatchLogsExports ?? []).length === 0)
      finding.violation(message(finding.subject));
  }),
]);
