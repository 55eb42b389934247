import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString, listing } from "../lib/values";

const athenaSpec: PolicySpec = {
  name: "athena-workgroup",
  description:
    "Athena workgroups enforce their settings, publish CloudWatch metrics and encrypt query results.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: { securityHub: ["Athena.4"] },
  remediationSteps:
    "Keep configuration.enforceWorkgroupConfiguration and publishCloudwatchMetricsEnabled true and " +
    "set configuration.resultConfiguration.encryptionConfiguration.encryptionOption.",
};

/** Athena.4 plus result encryption; the provider defaults both flags to true. */
export const athenaWorkgroup: ResourceValidationPolicy = resourcePolicy(
  athenaSpec,
  forType(athenaSpec, aws.athena.Workgroup, (wg, finding) => {
    const config = wg.configuration;
    const fixes: string[] = [];
    if (config?.enforceWorkgroupConfiguration === false) {
      fixes.push("configuration.enforceWorkgroupConfiguration: true");
    }
    if (config?.publishCloudwatchMetricsEnabled === false) {
      fixes.push("configuration.publishCloudwatchMetricsEnabled: true");
    }
    if (!isNonEmptyString(config?.resultConfiguration?.encryptionConfiguration?.encryptionOption)) {
      fixes.push(
        'configuration.resultConfiguration.encryptionConfiguration.encryptionOption "SSE_KMS"',
      );
    }
    if (fixes.length > 0)
      finding.violation(`${finding.subject} is not governed: set ${listing(fixes)}.`);
  }),
);
