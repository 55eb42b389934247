import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";

const recorderSpec: PolicySpec = {
  name: "config-recorder-all",
  description: "AWS Config recorders record every supported resource type, global ones included.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: { securityHub: ["Config.1"], cis: ["3.3"] },
  remediationSteps:
    "Set recordingGroup { allSupported: true, includeGlobalResourceTypes: true } (global types in one region).",
};

/** Config.1 / CIS 3.3. */
export const configRecorderAll: ResourceValidationPolicy = resourcePolicy(
  recorderSpec,
  forType(recorderSpec, aws.cfg.Recorder, (recorder, finding) => {
    const group = recorder.recordingGroup;
    // The provider records all supported types but no global types when recordingGroup is unset.
    if (group?.allSupported === false) {
      finding.violation(
        `${finding.subject} records only selected resource types: set recordingGroup.allSupported: true.`,
      );
    }
    if (group?.includeGlobalResourceTypes !== true) {
      finding.violation(
        `${finding.subject} skips global resources such as IAM: set ` +
          "recordingGroup.includeGlobalResourceTypes: true.",
      );
    }
  }),
);
