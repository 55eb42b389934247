import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AnalyticsConfig } from "../../config";
import { Partition, arns } from "../../core";
import {
  SEARCH_LOG_TYPES,
  domainAccessPolicy,
  domainNameProblem,
  searchAdminTrustPolicy,
  searchLogResourcePolicy,
} from "./policies";

/** TLS policy of the HTTPS endpoint: TLS 1.2+ with perfect forward secrecy. */
export const SEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

/** Args of {@link LogSearch}. */
export interface LogSearchArgs {
  /** Provider of the audit account in the home Region. Required. */
  provider: aws.Provider;
  partition: Partition;
  region: string;
  accountId: string;
  /** Domain name (3-28 characters). Required. */
  domainName: string;
  /** Search settings from config. Required. */
  settings: AnalyticsConfig["search"];
  /** Name of the fine-grained-access master role (must match a reader pattern). Required. */
  adminRoleName: string;
  /** Role of the setup function (SearchSetup), which the master role trusts too. Required. */
  setupRoleName: string;
  /** Roles (names or patterns) whose requests the access policy admits. Required. */
  accessRoleNames: string[];
  /** VPC placement: the VPC, its private subnets and CIDR. Required. */
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string[]>;
  vpcCidr: string;
  /** Key for data at rest and the log groups. Required. */
  keyArn: pulumi.Input<string>;
  /** Log group name per log type, and their retention. Required. */
  logGroupNames: Readonly<Record<(typeof SEARCH_LOG_TYPES)[number], string>>;
  logRetentionDays: number;
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * The OpenSearch domain for full-text search over the hot subset: in the VPC, encrypted at rest
 * and between nodes, HTTPS with TLS 1.2, fine-grained access control with an IAM master role,
 * an access policy limited to the analytics roles, and all four log types published to
 * KMS-encrypted log groups through a resource policy scoped to this domain.
 */
export class LogSearch extends pulumi.ComponentResource {
  readonly domain: aws.opensearch.Domain;
  readonly domainArn: string;
  readonly endpoint: pulumi.Output<string>;
  readonly adminRole: aws.iam.Role;

  constructor(name: string, args: LogSearchArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:search:LogSearch", name, {}, opts);
    const problem = domainNameProblem(args.domainName);
    if (problem) throw new Error(problem);
    const child = { parent: this, provider: args.provider };
    const s = args.settings;
    const tags = args.tags ?? {};
    this.domainArn = `arn:${args.partition}:es:${args.region}:${args.accountId}:domain/${args.domainName}`;

    const logGroups = SEARCH_LOG_TYPES.map(
      (type) =>
        [
          type,
          new aws.cloudwatch.LogGroup(
            `${name}-${type.toLowerCase().replace(/_/g, "-")}`,
            {
              name: args.logGroupNames[type],
              retentionInDays: args.logRetentionDays,
              kmsKeyId: args.keyArn,
              tags,
            },
            child,
          ),
        ] as const,
    );
    const logArns = SEARCH_LOG_TYPES.map((t) =>
      arns.logGroup(args.partition, args.region, args.accountId, args.logGroupNames[t]),
    );
    const logPolicy = new aws.cloudwatch.LogResourcePolicy(
      name,
      {
        policyName: `${args.domainName}-logs`,
        policyDocument: JSON.stringify(
          searchLogResourcePolicy(args.accountId, this.domainArn, logArns),
        ),
      },
      child,
    );

    this.adminRole = new aws.iam.Role(
      `${name}-admin`,
      {
        name: args.adminRoleName,
        description: "OpenSearch fine-grained access master user of the log search domain",
        assumeRolePolicy: JSON.stringify(
          searchAdminTrustPolicy(args.partition, args.accountId, [
            ...args.settings.adminRoleNames,
            args.setupRoleName,
          ]),
        ),
        tags,
      },
      child,
    );

    const group = new aws.ec2.SecurityGroup(
      `${name}-domain`,
      {
        vpcId: args.vpcId,
        description: "OpenSearch domain: HTTPS from inside the VPC only",
        ingress: [
          {
            description: "HTTPS from the VPC (EMR nodes, analysts through the network)",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [args.vpcCidr],
          },
        ],
        revokeRulesOnDelete: true,
        tags: { ...tags, Name: `${args.domainName}-domain` },
      },
      child,
    );

    const zones = pulumi.output(args.subnetIds).apply((ids) => ids.length);
    const subnetIds = pulumi
      .all([pulumi.output(args.subnetIds), zones])
      .apply(([ids, count]) => (s.zoneAwareness ? ids.slice(0, count) : ids.slice(0, 1)));
    this.domain = new aws.opensearch.Domain(
      name,
      {
        domainName: args.domainName,
        engineVersion: s.engineVersion,
        clusterConfig: {
          instanceType: s.instanceType,
          instanceCount: s.instanceCount,
          zoneAwarenessEnabled: s.zoneAwareness,
          zoneAwarenessConfig: s.zoneAwareness
            ? { availabilityZoneCount: zones.apply((n) => Math.min(n, 3)) }
            : undefined,
          dedicatedMasterEnabled: s.dedicatedMasterCount > 0,
          dedicatedMasterCount: s.dedicatedMasterCount > 0 ? s.dedicatedMasterCount : undefined,
          dedicatedMasterType: s.dedicatedMasterCount > 0 ? s.dedicatedMasterType : undefined,
        },
        ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: s.volumeGiB },
        encryptAtRest: { enabled: true, kmsKeyId: args.keyArn },
        nodeToNodeEncryption: { enabled: true },
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: SEARCH_TLS_POLICY },
        advancedSecurityOptions: {
          enabled: true,
          anonymousAuthEnabled: false,
          internalUserDatabaseEnabled: false,
          masterUserOptions: { masterUserArn: this.adminRole.arn },
        },
        vpcOptions: { subnetIds, securityGroupIds: [group.id] },
        accessPolicies: JSON.stringify(
          domainAccessPolicy({
            partition: args.partition,
            accountId: args.accountId,
            domainArn: this.domainArn,
            roleNames: args.accessRoleNames,
          }),
        ),
        logPublishingOptions: logGroups.map(([logType, lg]) => ({
          logType,
          cloudwatchLogGroupArn: lg.arn,
          enabled: true,
        })),
        softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
        tags,
      },
      { ...child, dependsOn: [logPolicy] },
    );
    this.endpoint = this.domain.endpoint;
    this.registerOutputs({ domainArn: this.domain.arn, endpoint: this.endpoint });
  }
}
