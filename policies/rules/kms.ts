import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";

interface RotationConfig {
  maxRotationPeriodDays: number;
}

const rotationSpec: PolicySpec = {
  name: "kms-rotation",
  description: "Symmetric customer managed KMS keys rotate automatically.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["KMS.4"], cis: ["3.6"], checkov: ["CKV_AWS_7"] },
  remediationSteps: "Set enableKeyRotation: true (and rotationPeriodInDays within the maximum).",
  configSchema: {
    properties: {
      maxRotationPeriodDays: {
        type: "integer",
        minimum: 90,
        maximum: 2560,
        default: 365,
        description: "Longest rotationPeriodInDays accepted.",
      },
    },
  },
};

/** KMS.4 / CIS 3.6 / CKV_AWS_7: only symmetric encryption keys can rotate automatically. */
export const kmsRotation: ResourceValidationPolicy = resourcePolicy(
  rotationSpec,
  forType<aws.kms.Key, aws.kms.KeyArgs, RotationConfig>(
    rotationSpec,
    aws.kms.Key,
    (key, finding, config) => {
      const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
      const usage = key.keyUsage ?? "ENCRYPT_DECRYPT";
      if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT") return;
      if (key.enableKeyRotation !== true) {
        finding.violation(`${finding.subject} never rotates: set enableKeyRotation: true.`);
      } else if ((key.rotationPeriodInDays ?? 365) > config.maxRotationPeriodDays) {
        finding.violation(
          `${finding.subject} rotates every ${key.rotationPeriodInDays} days: set ` +
            `rotationPeriodInDays to at most ${config.maxRotationPeriodDays}.`,
        );
      }
    },
  ),
);
