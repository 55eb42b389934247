import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString } from "../lib/values";

const vpnSpec: PolicySpec = {
  name: "ec2clientvpn-connection-logs",
  description: "Client VPN endpoints log every connection to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["EC2.51"] },
  remediationSteps:
    "Set connectionLogOptions { enabled: true, cloudwatchLogGroup, cloudwatchLogStream }.",
};

/** EC2.51. */
export const ec2ClientVpnConnectionLogs: ResourceValidationPolicy = resourcePolicy(
  vpnSpec,
  forType(vpnSpec, aws.ec2clientvpn.Endpoint, (endpoint, finding) => {
    const log = endpoint.connectionLogOptions;
    if (log.enabled !== true || !isNonEmptyString(log.cloudwatchLogGroup)) {
      finding.violation(
        `${finding.subject} logs no connections: set connectionLogOptions { enabled: true, ` +
          "cloudwatchLogGroup }.",
      );
    }
  }),
);
