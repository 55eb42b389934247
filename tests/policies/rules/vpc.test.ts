import { policies } from "../../../policies/rules";
import { T, UNKNOWN_STRING, assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("vpc-flow-logs", () => {
  const p = policy("vpc-flow-logs");
  const vpc = res(T.vpc, "app", { cidrBlock: "10.0.0.0/16" }, { outputs: { id: "vpc-1" } });
  const flow = (props: Record<string, unknown>, deps = {}) =>
    res(
      T.flowLog,
      "fl",
      { trafficType: "ALL", logDestination: "arn:aws:s3:::logs", ...props },
      { deps },
    );

  it("passes a flow log that refers to the VPC, by dependency or by id", async () => {
    assertClean(await run(p, [vpc, flow({ vpcId: "vpc-1" }, { vpcId: [vpc] })]));
    assertClean(await run(p, [vpc, flow({ vpcId: "vpc-1" })]));
  });

  it("flags a VPC without a flow log and one logging accepted traffic only", async () => {
    assertLines(await run(p, [vpc]), [
      'mandatory app: [EC2.6 | CIS 3.7 | CKV2_AWS_11] aws.ec2.Vpc "app" has no flow log: add an aws.ec2.FlowLog with vpcId = this VPC\'s id, trafficType "ALL" and a logDestination.',
    ]);
    assertLines(await run(p, [vpc, flow({ vpcId: "vpc-1", trafficType: "ACCEPT" })]), [
      'mandatory app: [EC2.6 | CIS 3.7 | CKV2_AWS_11] aws.ec2.Vpc "app"\'s flow logs record only accepted traffic: set trafficType to "ALL" or "REJECT" on its aws.ec2.FlowLog.',
    ]);
    assertClean(
      await run(
        p,
        [vpc, flow({ vpcId: "vpc-1", trafficType: "ACCEPT" })],
        configFor("vpc-flow-logs", { acceptedTrafficTypes: ["ACCEPT"] }),
      ),
    );
  });

  it("handles awsx.ec2.Vpc offline (one component) and in a real preview (component + child)", async () => {
    const awsx = res(T.awsxVpc, "net", {}, { outputs: { vpcId: "vpc-awsx" } });
    const viaComponent = flow({ vpcId: "vpc-awsx" }, { vpcId: [awsx] });
    assertClean(await run(p, [awsx, viaComponent]));
    assertLines(await run(p, [awsx]), [
      'mandatory net: [EC2.6 | CIS 3.7 | CKV2_AWS_11] awsx.ec2.Vpc "net" has no flow log: add an aws.ec2.FlowLog with vpcId = this VPC\'s vpcId output, trafficType "ALL" and a logDestination.',
    ]);
    const child = res(T.vpc, "net", {}, { parent: awsx, outputs: { id: UNKNOWN_STRING } });
    assertClean(await run(p, [awsx, child, viaComponent]));
    assertLines(await run(p, [awsx, child]), [
      'mandatory net: [EC2.6 | CIS 3.7 | CKV2_AWS_11] aws.ec2.Vpc "net" has no flow log: add an aws.ec2.FlowLog with vpcId = this VPC\'s id, trafficType "ALL" and a logDestination.',
    ]);
  });
});
