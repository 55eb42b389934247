import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MemberAccountConfig } from "../config";
import { Partition, PlatformNaming, arns } from "../core";
import {
  exclusionCriteria,
  senderRolePolicy,
  senderRoleTrustPolicy,
  subscriptionFilterPolicy,
} from "./centralizationPolicies";
import { FLOW_LOG_DESTINATION_OPTIONS, FLOW_LOG_FORMAT, vpcSelection } from "./memberBaselinePlan";

/** Tag naming the member account a baseline resource belongs to. */
export const MEMBER_TAG = "member-account";

/** Args of {@link MemberBaseline}. */
export interface MemberBaselineArgs {
  /** The member account's provider (its deployment role, its first Region). Required. */
  provider: aws.Provider;
  /** The member's validated config (id, regions, VPC selection). Required. */
  member: MemberAccountConfig;
  /** Partition of the member's Regions. Required. */
  partition: Partition;
  /** Platform naming (the subscription policy's name). Required. */
  naming: PlatformNaming;
  /** Tags of every resource (the member tag is added). Required. */
  tags: Record<string, string>;
  /** ARN of the central archive bucket the flow logs deliver to. Required. */
  archiveBucketArn: pulumi.Input<string>;
  /**
   * ARNs of the central CloudWatch Logs destinations by Region; must cover every member Region
   * (the platform stack's `memberInputs.destinations`). Required.
   */
  destinationArns: pulumi.Input<Record<string, string>>;
  /** Name of the sender role the destinations require in each account. Required. */
  senderRoleName: string;
  /** Log groups the account-level subscription leaves out. Default: none. */
  excludedLogGroups?: readonly string[];
  /** Flow-log aggregation interval in seconds, 60 or 600. Default: 600. */
  flowLogAggregationSeconds?: 60 | 600;
}

/**
 * The baseline of one member account, declared through that account's one provider (other
 * Regions through each resource's `region`): the account's S3 public-access block, VPC flow
 * logs (Parquet, Hive-compatible hourly partitions) into the central archive, and an
 * account-level subscription filter policy per Region that sends every log group to the
 * central destination. Constant per account: 3 resources plus one subscription policy per
 * Region and one flow log per VPC.
 */
export class MemberBaseline extends pulumi.ComponentResource {
  /** Flow-log resources declared from listed VPC ids (discovered ones register later). */
  readonly listedFlowLogs: readonly aws.ec2.FlowLog[];
  /** Subscription filter policies by Region. */
  readonly subscriptionPolicies: Readonly<Record<string, aws.cloudwatch.LogAccountPolicy>>;

  constructor(name: string, args: MemberBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:member:MemberBaseline", name, {}, opts);
    const { member, partition, provider } = args;
    const aggregation = args.flowLogAggregationSeconds ?? 600;
    const selection = exclusionCriteria(args.excludedLogGroups ?? []);
    const tags = { ...args.tags, [MEMBER_TAG]: member.name };
    const destinations = pulumi
      .output(args.destinationArns)
      .apply((d) => destinationsFor(member, d));
    const global = { parent: this, provider };

    new aws.s3.AccountPublicAccessBlock(
      name,
      {
        accountId: member.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      global,
    );
    const senderRole = new aws.iam.Role(
      `${name}-cwl-subscription`,
      {
        name: args.senderRoleName,
        description: "CloudWatch Logs proves this account may deliver to the central destinations",
        assumeRolePolicy: JSON.stringify(senderRoleTrustPolicy(partition, member.id)),
        tags,
      },
      global,
    );
    const senderAccess = new aws.iam.RolePolicy(
      `${name}-cwl-subscription`,
      {
        role: senderRole.id,
        policy: JSON.stringify(senderRolePolicy(partition, member.id, member.regions)),
      },
      global,
    );
    const senderRoleArn = arns.role(partition, member.id, args.senderRoleName);

    const listed: aws.ec2.FlowLog[] = [];
    const policies: Record<string, aws.cloudwatch.LogAccountPolicy> = {};
    for (const region of member.regions) {
      policies[region] = new aws.cloudwatch.LogAccountPolicy(
        `${name}-${region}`,
        {
          region,
          policyName: args.naming.resource("central-logs"),
          policyType: "SUBSCRIPTION_FILTER_POLICY",
          policyDocument: destinations.apply((d) =>
            JSON.stringify(subscriptionFilterPolicy(d[region], senderRoleArn)),
          ),
          scope: "ALL",
          selectionCriteria: selection,
        },
        { ...global, dependsOn: [senderAccess] },
      );

      const flowLog = (vpcId: pulumi.Input<string>, suffix: string): aws.ec2.FlowLog =>
        new aws.ec2.FlowLog(
          `${name}-${region}-${suffix}`,
          {
            region,
            vpcId,
            trafficType: "ALL",
            logDestinationType: "s3",
            logDestination: args.archiveBucketArn,
            logFormat: FLOW_LOG_FORMAT,
            maxAggregationInterval: aggregation,
            destinationOptions: FLOW_LOG_DESTINATION_OPTIONS,
            tags,
          },
          global,
        );
      const vpcs = vpcSelection(member, region);
      if (vpcs.kind === "listed") {
        for (const vpcId of vpcs.vpcIds) listed.push(flowLog(vpcId, vpcId));
      } else if (vpcs.kind === "discover") {
        // Discovery answers during preview, so the flow logs of found VPCs show in the plan.
        aws.ec2
          .getVpcsOutput({ region }, { parent: this, provider })
          .ids.apply((ids) => ids.map((vpcId) => flowLog(vpcId, vpcId)));
      }
    }
    this.listedFlowLogs = listed;
    this.subscriptionPolicies = policies;
    this.registerOutputs({ accountId: member.id, regions: member.regions });
  }
}

/**
 * The destination ARN of each member Region.
 * @throws Error naming the member and the Regions the platform offers no destination in.
 */
export function destinationsFor(
  member: Pick<MemberAccountConfig, "name" | "regions">,
  destinationArns: Readonly<Record<string, string>>,
): Record<string, string> {
  const missing = member.regions.filter((r) => typeof destinationArns[r] !== "string");
  if (missing.length > 0) {
    throw new Error(
      `member "${member.name}": no central log destination in ${missing.join(", ")} ` +
        `(destinations: ${Object.keys(destinationArns).join(", ") || "none"}); ` +
        "deploy the platform stack with these Regions governed first",
    );
  }
  return Object.fromEntries(member.regions.map((r) => [r, destinationArns[r]]));
}
