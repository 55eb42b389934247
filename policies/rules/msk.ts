import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { asRecord } from "../lib/values";

const mskSpec: PolicySpec = {
  name: "msk-broker-logs",
  description: "MSK clusters deliver broker logs to CloudWatch Logs, Firehose or S3.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: { checkov: ["CKV_AWS_80"] },
  remediationSteps:
    "Set loggingInfo.brokerLogs.cloudwatchLogs (or firehose, or s3) with enabled: true.",
};

/** CKV_AWS_80. */
export const mskBrokerLogs: ResourceValidationPolicy = resourcePolicy(
  mskSpec,
  forType(mskSpec, aws.msk.Cluster, (cluster, finding) => {
    const broker = asRecord(cluster.loggingInfo?.brokerLogs);
    const enabled = ["cloudwatchLogs", "firehose", "s3"].some(
      (k) => asRecord(broker?.[k])?.["enabled"] === true,
    );
    if (!enabled) {
      finding.violation(
        `${finding.subject} keeps no broker logs: enable loggingInfo.brokerLogs.cloudwatchLogs, firehose or s3.`,
      );
    }
  }),
);
