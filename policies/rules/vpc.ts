import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { listing } from "../lib/values";

/** Type token of the awsx VPC component (a remote component, so no class to match with). */
export const AWSX_VPC_TYPE = "awsx:ec2:Vpc";

interface FlowLogConfig {
  acceptedTrafficTypes: string[];
}

const flowLogSpec: PolicySpec = {
  name: "vpc-flow-logs",
  description: "Every VPC, including those created by awsx.ec2.Vpc, has a flow log.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["EC2.6"], cis: ["3.7"], checkov: ["CKV2_AWS_11"] },
  remediationSteps:
    'Add an aws.ec2.FlowLog with vpcId = the VPC id (for awsx.ec2.Vpc: vpc.vpcId), trafficType "ALL" ' +
    "and a logDestination.",
  configSchema: {
    properties: {
      acceptedTrafficTypes: {
        type: "array",
        items: { type: "string", enum: ["ALL", "REJECT", "ACCEPT"] },
        minItems: 1,
        uniqueItems: true,
        default: ["ALL", "REJECT"],
        description: "Flow log trafficType values that satisfy the control (CIS asks for rejects).",
      },
    },
  },
};

/**
 * EC2.6 / CIS 3.7. Offline an awsx.ec2.Vpc is one `awsx:ec2:Vpc` resource whose `vpcId` output a
 * flow log refers to; in a real preview its child `aws:ec2/vpc:Vpc` is registered too, and a flow
 * log that refers to the component's `vpcId` covers that child.
 */
export const vpcFlowLogs: StackValidationPolicy = stackPolicy<FlowLogConfig>(
  flowLogSpec,
  (stack, args) => {
    const vpcs = stack.resources.filter((r) => r.isType(aws.ec2.Vpc));
    const components = stack.resources.filter((r) => r.type === AWSX_VPC_TYPE);
    const childless = components.filter((c) => !vpcs.some((v) => v.parent?.urn === c.urn));
    const targets = [...vpcs, ...childless];
    if (targets.length === 0) args.notApplicable("the stack has no VPC");
    const flowLogs = stack.resources.filter((r) => r.isType(aws.ec2.FlowLog));
    const covers = (flowLog: PolicyResource, vpc: PolicyResource): boolean => {
      if (refersTo(flowLog, "vpcId", vpc, ["id", "vpcId"])) return true;
      const owner = vpc.parent;
      return owner?.type === AWSX_VPC_TYPE && refersTo(flowLog, "vpcId", owner, ["vpcId"]);
    };
    stack.each(targets, (vpc, finding) => {
      const logs = flowLogs.filter((f) => covers(f, vpc));
      if (logs.length === 0) {
        finding.violation(
          `${finding.subject} has no flow log: add an aws.ec2.FlowLog with vpcId = ` +
            `${vpc.type === AWSX_VPC_TYPE ? "this VPC's vpcId output" : "this VPC's id"}, ` +
            'trafficType "ALL" and a logDestination.',
        );
        return;
      }
      const accepted = stack.config.acceptedTrafficTypes;
      if (!logs.some((f) => accepted.includes(String(f.props["trafficType"] ?? "ALL")))) {
        finding.violation(
          `${finding.subject}'s flow logs record only accepted traffic: set trafficType to ` +
            `${listing(
              accepted.map((t) => `"${t}"`),
              "or",
            )} on its aws.ec2.FlowLog.`,
        );
      }
    });
  },
);
