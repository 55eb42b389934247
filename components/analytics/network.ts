import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { EMR_MANAGED_TAG } from "./emr";

/**
 * Interface endpoints the EMR nodes and the OpenSearch domain need to reach AWS without the
 * internet: the EMR agent, STS, KMS (local disk and SSE-KMS), CloudWatch Logs and metrics, EC2.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
  "elasticmapreduce",
  "sts",
  "kms",
  "logs",
  "monitoring",
  "ec2",
] as const;

/** Args of {@link AnalyticsNetwork}. */
export interface AnalyticsNetworkArgs {
  /** Provider of the audit account in the home Region. Required. */
  provider: aws.Provider;
  /** The Region (names the endpoint services). Required. */
  region: string;
  /** VPC CIDR block. Required. */
  cidr: string;
  /** Availability zones, one private subnet each. Required. */
  availabilityZones: number;
  /** Where flow logs go: the archive bucket ARN (delivered under AWSLogs/). Required. */
  flowLogBucketArn: pulumi.Input<string>;
  /** Interface endpoint services. Default: {@link INTERFACE_ENDPOINT_SERVICES}. */
  interfaceEndpoints?: readonly string[];
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * The audit account's private network: private subnets across AZs with no NAT and no internet
 * gateway, an S3 gateway endpoint, interface endpoints for the services the cluster and domain
 * call, and flow logs (all traffic) into the central archive.
 */
export class AnalyticsNetwork extends pulumi.ComponentResource {
  /** The awsx VPC. */
  readonly vpc: awsx.ec2.Vpc;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Security group of the interface endpoints (HTTPS from the VPC). */
  readonly endpointSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: AnalyticsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:network:AnalyticsNetwork", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const tags = args.tags ?? {};

    this.vpc = new awsx.ec2.Vpc(
      name,
      {
        cidrBlock: args.cidr,
        numberOfAvailabilityZones: args.availabilityZones,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        natGateways: { strategy: "None" },
        subnetStrategy: "Auto",
        // The EMR v2 service policy only touches subnets and groups carrying its tag.
        subnetSpecs: [{ type: "Private", tags: { ...tags, ...EMR_MANAGED_TAG } }],
        vpcEndpointStrategy: "Auto",
        vpcEndpointSpecs: [
          {
            serviceName: `com.amazonaws.${args.region}.s3`,
            vpcEndpointType: "Gateway",
            tags: { ...tags, Name: `${name}-s3` },
          },
        ],
        tags: { ...tags, Name: name },
      },
      { parent: this, providers: [args.provider] },
    );
    this.vpcId = this.vpc.vpcId;
    this.privateSubnetIds = this.vpc.privateSubnetIds;

    this.endpointSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      {
        vpcId: this.vpcId,
        description: "Interface endpoints: HTTPS from inside the VPC only",
        ingress: [
          {
            description: "HTTPS from the VPC",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [args.cidr],
          },
        ],
        revokeRulesOnDelete: true,
        tags: { ...tags, Name: `${name}-endpoints` },
      },
      child,
    );
    for (const service of args.interfaceEndpoints ?? INTERFACE_ENDPOINT_SERVICES) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service}`,
        {
          vpcId: this.vpcId,
          serviceName: `com.amazonaws.${args.region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: this.privateSubnetIds,
          securityGroupIds: [this.endpointSecurityGroup.id],
          tags: { ...tags, Name: `${name}-${service}` },
        },
        child,
      );
    }

    new aws.ec2.FlowLog(
      name,
      {
        vpcId: this.vpcId,
        trafficType: "ALL",
        logDestinationType: "s3",
        logDestination: args.flowLogBucketArn,
        maxAggregationInterval: 600,
        destinationOptions: {
          fileFormat: "plain-text",
          hiveCompatiblePartitions: false,
          perHourPartition: false,
        },
        tags,
      },
      child,
    );
    this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds });
  }
}
