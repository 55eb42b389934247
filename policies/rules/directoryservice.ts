import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";

const forwardingSpec: PolicySpec = {
  name: "directoryservice-log-forwarding",
  description: "Every Directory Service directory forwards its security logs to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    "Add an aws.directoryservice.LogSubscription with directoryId = the directory's id and " +
    'logGroupName = a "/aws/directoryservice/…" log group that ds.amazonaws.com may write.',
};

/** Prowler's directoryservice_directory_log_forwarding_enabled. */
export const directoryServiceLogForwarding: StackValidationPolicy = stackPolicy(
  forwardingSpec,
  (stack, args) => {
    const directories = stack.resources.filter((r) => r.isType(aws.directoryservice.Directory));
    if (directories.length === 0)
      args.notApplicable("the stack has no Directory Service directory");
    const subscriptions = stack.resources.filter((r) =>
      r.isType(aws.directoryservice.LogSubscription),
    );
    stack.each(directories, (directory, finding) => {
      if (subscriptions.some((s) => refersTo(s, "directoryId", directory, ["id"]))) return;
      finding.violation(
        `${finding.subject} forwards no security logs: add an aws.directoryservice.LogSubscription ` +
          "with directoryId = this directory's id and a logGroupName.",
      );
    });
  },
);
