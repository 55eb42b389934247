import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asArray, asRecord } from "../lib/values";

const firewallSpec: PolicySpec = {
  name: "networkfirewall-logging",
  description: "Every Network Firewall has a logging configuration with at least one destination.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: { securityHub: ["NetworkFirewall.2"] },
  remediationSteps:
    "Add an aws.networkfirewall.LoggingConfiguration with firewallArn = the firewall's arn and " +
    'logDestinationConfigs for "FLOW" and "ALERT" logs.',
};

/** NetworkFirewall.2. */
export const networkFirewallLogging: StackValidationPolicy = stackPolicy(
  firewallSpec,
  (stack, args) => {
    const firewalls = stack.resources.filter((r) => r.isType(aws.networkfirewall.Firewall));
    if (firewalls.length === 0) args.notApplicable("the stack has no Network Firewall");
    const configs = stack.resources.filter((r) =>
      r.isType(aws.networkfirewall.LoggingConfiguration),
    );
    stack.each(firewalls, (firewall, finding) => {
      const own = configs.filter((c) => refersTo(c, "firewallArn", firewall, ["arn", "id"]));
      const destinations = own.flatMap((c) =>
        asArray(asRecord(c.props["loggingConfiguration"])?.["logDestinationConfigs"]),
      );
      if (destinations.length > 0) return;
      finding.violation(
        `${finding.subject} logs no traffic: add an aws.networkfirewall.LoggingConfiguration with ` +
          'firewallArn = this firewall\'s arn and logDestinationConfigs for "FLOW" and "ALERT".',
      );
    });
  },
);
