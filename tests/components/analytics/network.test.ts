import * as assert from "assert";
import { INTERFACE_ENDPOINT_SERVICES } from "../../../components/analytics/network";
import { stableSuffix } from "../../../tools/offline/mockCloud";
import { PlanResource } from "../../../tools/offline/plan";
import { ofType, only, platformPlan } from "../plan";

const TYPES = {
  vpc: "awsx:ec2:Vpc",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  flowLog: "aws:ec2/flowLog:FlowLog",
};

describe("analytics network (synthesized stacks)", () => {
  let prod: PlanResource[];
  let dev: PlanResource[];
  const vpcOf = (plan: PlanResource[]) =>
    ofType(plan, TYPES.vpc).find((v) => v.name === "analytics-network")!;

  before(async () => {
    prod = await platformPlan("prod");
    dev = await platformPlan("dev");
  });

  it("private subnets across the configured AZs, no NAT, tagged for the EMR v2 service policy", () => {
    const vpc = vpcOf(prod);
    assert.strictEqual(vpc.inputs["cidrBlock"], "10.64.0.0/16");
    assert.strictEqual(vpc.inputs["numberOfAvailabilityZones"], 3);
    assert.strictEqual(vpcOf(dev).inputs["numberOfAvailabilityZones"], 2);
    assert.deepStrictEqual(vpc.inputs["natGateways"], { strategy: "None" });
    const specs = vpc.inputs["subnetSpecs"] as Array<{
      type: string;
      tags: Record<string, string>;
    }>;
    assert.deepStrictEqual(
      specs.map((s) => s.type),
      ["Private"],
    );
    assert.strictEqual(specs[0].tags["for-use-with-amazon-emr-managed-policies"], "true");
  });

  it("S3 is reached through a gateway endpoint on the VPC's route tables", () => {
    const vpc = vpcOf(prod);
    assert.strictEqual(vpc.inputs["vpcEndpointStrategy"], "Auto");
    const specs = vpc.inputs["vpcEndpointSpecs"] as Array<Record<string, unknown>>;
    assert.deepStrictEqual(
      specs.map((s) => [s["serviceName"], s["vpcEndpointType"]]),
      [["com.amazonaws.eu-west-1.s3", "Gateway"]],
    );
  });

  it("interface endpoints with private DNS in the private subnets, reachable on 443 from the VPC only", () => {
    const vpc = vpcOf(prod);
    const endpoints = ofType(prod, TYPES.endpoint).filter((e) =>
      e.name.startsWith("analytics-network-"),
    );
    assert.deepStrictEqual(
      endpoints.map((e) => e.inputs["serviceName"]),
      INTERFACE_ENDPOINT_SERVICES.map((s) => `com.amazonaws.eu-west-1.${s}`),
    );
    const sg = ofType(prod, TYPES.securityGroup).find(
      (g) => g.name === "analytics-network-endpoints",
    )!;
    for (const e of endpoints) {
      assert.strictEqual(e.inputs["vpcEndpointType"], "Interface");
      assert.strictEqual(e.inputs["privateDnsEnabled"], true);
      assert.deepStrictEqual(e.inputs["subnetIds"], vpc.outputs["privateSubnetIds"]);
      assert.deepStrictEqual(e.inputs["securityGroupIds"], [`sg-${stableSuffix(sg.name)}`]);
    }
    assert.deepStrictEqual(sg.inputs["ingress"], [
      {
        description: "HTTPS from the VPC",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["10.64.0.0/16"],
      },
    ]);
  });

  it("flow logs of all traffic go to the central archive, from the audit account", () => {
    const vpc = vpcOf(prod);
    const logs = ofType(prod, TYPES.flowLog).filter(
      (f) => f.inputs["vpcId"] === vpc.outputs["vpcId"],
    );
    assert.strictEqual(logs.length, 1);
    const fl = logs[0];
    assert.deepStrictEqual(
      [fl.inputs["trafficType"], fl.inputs["logDestinationType"], fl.inputs["logDestination"]],
      ["ALL", "s3", "arn:aws:s3:::acme-logs-prod-archive-234567890123"],
    );
    assert.deepStrictEqual(fl.inputs["destinationOptions"], {
      fileFormat: "plain-text",
      hiveCompatiblePartitions: false,
      perHourPartition: false,
    });
    assert.match(fl.provider ?? "", /acme-logs-prod-audit$/);
    assert.strictEqual(only(prod, TYPES.vpc).name, "analytics-network");
  });
});
