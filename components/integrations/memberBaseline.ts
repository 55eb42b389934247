import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MemberAccountConfig } from "../config";
import { arns } from "../core";
import { AccountRef, PlatformAccounts } from "../foundation";
import { CentralDestination } from "./centralization";
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
  /** The account registry (providers, naming, tags). Required. */
  accounts: PlatformAccounts;
  /** The member's validated config (regions, VPC selection). Required. */
  member: MemberAccountConfig;
  /** The member's account reference from `accounts.members`. Required. */
  account: AccountRef;
  /** ARN of the central archive bucket the flow logs deliver to. Required. */
  archiveBucketArn: string;
  /** Central CloudWatch Logs destinations by Region; must cover every member Region. Required. */
  destinations: Readonly<Record<string, CentralDestination>>;
  /** Name of the sender role the destinations require in each account. Required. */
  senderRoleName: string;
  /** Log groups the account-level subscription leaves out. Default: none. */
  excludedLogGroups?: readonly string[];
  /** Flow-log aggregation interval in seconds, 60 or 600. Default: 600. */
  flowLogAggregationSeconds?: 60 | 600;
}

/**
 * The baseline of one member account, declared through that account's providers: the
 * account's S3 public-access block, VPC flow logs (Parquet, Hive-compatible hourly partitions)
 * into the central archive, and an account-level subscription filter policy per Region that
 * sends every log group to the central destination. Constant per account: 3 resources plus
 * one subscription policy per Region and one flow log per VPC.
 */
export class MemberBaseline extends pulumi.ComponentResource {
  /** Flow-log resources declared from listed VPC ids (discovered ones register later). */
  readonly listedFlowLogs: readonly aws.ec2.FlowLog[];
  /** Subscription filter policies by Region. */
  readonly subscriptionPolicies: Readonly<Record<string, aws.cloudwatch.LogAccountPolicy>>;

  constructor(name: string, args: MemberBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:member:MemberBaseline", name, {}, opts);
    const { accounts, member, account } = args;
    const partition = accounts.partition;
    const aggregation = args.flowLogAggregationSeconds ?? 600;
    const selection = exclusionCriteria(args.excludedLogGroups ?? []);
    const tags = { ...accounts.tags, [MEMBER_TAG]: member.name };
    const missing = member.regions.filter((r) => args.destinations[r] === undefined);
    if (missing.length > 0) {
      throw new Error(
        `member "${member.name}": no central log destination in ${missing.join(", ")} ` +
          `(destinations: ${Object.keys(args.destinations).join(", ")})`,
      );
    }
    const provider = accounts.provider(account);
    const global = { parent: this, provider };

    new aws.s3.AccountPublicAccessBlock(
      name,
      {
        accountId: account.id,
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
        assumeRolePolicy: JSON.stringify(senderRoleTrustPolicy(partition, account.id)),
        tags,
      },
      global,
    );
    const senderAccess = new aws.iam.RolePolicy(
      `${name}-cwl-subscription`,
      {
        role: senderRole.id,
        policy: JSON.stringify(
          senderRolePolicy(member.regions.map((r) => args.destinations[r].destinationArn)),
        ),
      },
      global,
    );
    const senderRoleArn = arns.role(partition, account.id, args.senderRoleName);

    const listed: aws.ec2.FlowLog[] = [];
    const policies: Record<string, aws.cloudwatch.LogAccountPolicy> = {};
    for (const region of member.regions.map((r) => accounts.governed(r))) {
      const child = { parent: this, provider };
      const destination = args.destinations[region];
      policies[region] = new aws.cloudwatch.LogAccountPolicy(
        `${name}-${region}`,
        {
          region,
          policyName: accounts.naming.resource("central-logs"),
          policyType: "SUBSCRIPTION_FILTER_POLICY",
          policyDocument: JSON.stringify(
            subscriptionFilterPolicy(destination.destinationArn, senderRoleArn),
          ),
          scope: "ALL",
          selectionCriteria: selection,
        },
        { ...child, dependsOn: [senderAccess, destination.policy] },
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
          child,
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
    this.registerOutputs({ accountId: account.id, regions: member.regions });
  }
}
