import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Finding, PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString } from "../lib/values";

const acceleratorSpec: PolicySpec = {
  name: "globalaccelerator-flow-logs",
  description:
    "Global Accelerator accelerators, standard and custom routing, write flow logs to S3.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { checkov: ["CKV_AWS_75"] },
  remediationSteps:
    "Set attributes { flowLogsEnabled: true, flowLogsS3Bucket: <log bucket>, flowLogsS3Prefix }.",
};

function checkFlowLogs(
  attributes: { flowLogsEnabled?: boolean; flowLogsS3Bucket?: string } | undefined,
  finding: Finding,
): void {
  if (attributes?.flowLogsEnabled !== true || !isNonEmptyString(attributes.flowLogsS3Bucket)) {
    finding.violation(
      `${finding.subject} writes no flow logs: set attributes { flowLogsEnabled: true, ` +
        "flowLogsS3Bucket, flowLogsS3Prefix }.",
    );
  }
}

/** CKV_AWS_75 (flow logs are off by default). */
export const globalAcceleratorFlowLogs: ResourceValidationPolicy = resourcePolicy(acceleratorSpec, [
  forType(acceleratorSpec, aws.globalaccelerator.Accelerator, (acc, finding) =>
    checkFlowLogs(acc.attributes, finding),
  ),
  forType(acceleratorSpec, aws.globalaccelerator.CustomRoutingAccelerator, (acc, finding) =>
    checkFlowLogs(acc.attributes, finding),
  ),
]);
