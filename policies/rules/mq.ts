import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { listing } from "../lib/values";

const mqSpec: PolicySpec = {
  name: "mq-broker-logs",
  description:
    "Amazon MQ brokers send general logs to CloudWatch Logs, and ActiveMQ brokers audit logs too.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["MQ.2"], checkov: ["CKV_AWS_48", "CKV_AWS_197"] },
  remediationSteps:
    "Set logs { general: true, audit: true } (RabbitMQ brokers have no audit log: logs { general: true }).",
};

/** MQ.2 / CKV_AWS_48 / CKV_AWS_197: both flags default to false. */
export const mqBrokerLogs: ResourceValidationPolicy = resourcePolicy(
  mqSpec,
  forType(mqSpec, aws.mq.Broker, (broker, finding) => {
    const activeMq = broker.engineType.toLowerCase() === "activemq";
    const missing = [
      broker.logs?.general === true ? undefined : "logs.general",
      activeMq && broker.logs?.audit !== true ? "logs.audit" : undefined,
    ].filter((m): m is string => m !== undefined);
    if (missing.length > 0) {
      finding.violation(
        `${finding.subject} keeps no ${activeMq ? "general or audit" : "general"} logs: set ` +
          `${listing(missing.map((m) => `${m}: true`))}.`,
      );
    }
  }),
);
