import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Partition } from "../../core";
import {
  EMR_MANAGED_TAG,
  EMR_SERVICE_POLICY_V2,
  ec2TrustPolicy,
  emrInstancePolicy,
  emrSecurityConfiguration,
  emrServiceExtraPolicy,
  emrServiceTrustPolicy,
} from "./clusterPolicies";

/** Args of {@link EmrClusterIdentity}. */
export interface EmrClusterIdentityArgs {
  /** Provider of the audit account in the home Region. Required. */
  provider: aws.Provider;
  partition: Partition;
  region: string;
  accountId: string;
  /** Stem of physical names (`<prefix>-<env>`). Required. */
  stem: string;
  /** Prefix of role names; must match an archive reader pattern. Required. */
  roleNamePrefix: string;
  /** The VPC of the EMR-managed security groups. Required. */
  vpcId: pulumi.Input<string>;
  /** What the nodes read and write (see emrInstancePolicy). Required. */
  archiveBucketName: string;
  archiveKeyArn: pulumi.Input<string>;
  serviceLogBuckets: string[];
  lakeBucketName: string;
  artifactsBucketName: string;
  analyticsKeyArn: pulumi.Input<string>;
  domainArn: pulumi.Input<string>;
  /** The Glue database whose tables' partitions the job registers. Required. */
  catalogDatabase: string;
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * Who the log-processing clusters are and where they may talk: the EMR-managed security groups,
 * the EMR service role, the node role and instance profile with their policies, and the
 * security configuration. Persistent and transient clusters share all of it.
 */
export class EmrClusterIdentity extends pulumi.ComponentResource {
  readonly primarySg: aws.ec2.SecurityGroup;
  readonly coreSg: aws.ec2.SecurityGroup;
  readonly serviceSg: aws.ec2.SecurityGroup;
  readonly serviceRole: aws.iam.Role;
  readonly instanceRole: aws.iam.Role;
  readonly profile: aws.iam.InstanceProfile;
  readonly securityConfiguration: aws.emr.SecurityConfiguration;
  /** The role policies a cluster must wait for. */
  readonly policies: pulumi.Resource[];

  constructor(name: string, args: EmrClusterIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:emr:EmrClusterIdentity", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const tags = args.tags ?? {};
    const { partition, region, accountId } = args;
    const roleName = (kind: string) => `${args.roleNamePrefix}${args.stem}-${kind}`;

    const groups = ["primary", "core", "service-access"].map(
      (kind) =>
        new aws.ec2.SecurityGroup(
          `${name}-${kind}`,
          {
            vpcId: args.vpcId,
            description: `EMR-managed ${kind} group of the log-processing clusters`,
            revokeRulesOnDelete: true,
            tags: { ...tags, ...EMR_MANAGED_TAG, Name: `${args.stem}-emr-${kind}` },
          },
          child,
        ),
    );
    [this.primarySg, this.coreSg, this.serviceSg] = groups;

    this.serviceRole = new aws.iam.Role(
      `${name}-service`,
      {
        name: roleName("emr-service"),
        description: "EMR service role of the log-processing clusters",
        assumeRolePolicy: JSON.stringify(emrServiceTrustPolicy(partition, region, accountId)),
        tags,
      },
      child,
    );
    const serviceManaged = new aws.iam.RolePolicyAttachment(
      `${name}-service-v2`,
      { role: this.serviceRole.name, policyArn: EMR_SERVICE_POLICY_V2(partition) },
      child,
    );
    this.instanceRole = new aws.iam.Role(
      `${name}-instance`,
      {
        name: roleName("emr-instance"),
        description: "EMR nodes: read raw logs, write the lake, index the hot subset",
        assumeRolePolicy: JSON.stringify(ec2TrustPolicy(accountId)),
        tags,
      },
      child,
    );
    const serviceExtra = new aws.iam.RolePolicy(
      `${name}-service`,
      {
        role: this.serviceRole.id,
        policy: pulumi
          .all([this.instanceRole.arn, args.analyticsKeyArn])
          .apply(([role, key]) => JSON.stringify(emrServiceExtraPolicy(role, key))),
      },
      child,
    );
    const instancePolicy = new aws.iam.RolePolicy(
      `${name}-instance`,
      {
        role: this.instanceRole.id,
        policy: pulumi
          .all([args.archiveKeyArn, args.analyticsKeyArn, args.domainArn])
          .apply(([archiveKeyArn, analyticsKeyArn, domainArn]) =>
            JSON.stringify(
              emrInstancePolicy({
                partition,
                region,
                accountId,
                archiveBucket: args.archiveBucketName,
                archiveKeyArn,
                serviceLogBuckets: args.serviceLogBuckets,
                lakeBucket: args.lakeBucketName,
                artifactsBucket: args.artifactsBucketName,
                analyticsKeyArn,
                domainArn,
                catalogDatabase: args.catalogDatabase,
              }),
            ),
          ),
      },
      child,
    );
    this.profile = new aws.iam.InstanceProfile(
      `${name}-instance`,
      { name: roleName("emr-instance"), role: this.instanceRole.name, tags },
      child,
    );

    this.securityConfiguration = new aws.emr.SecurityConfiguration(
      name,
      {
        name: `${args.stem}-logparse`,
        configuration: pulumi
          .output(args.analyticsKeyArn)
          .apply((key) => JSON.stringify(emrSecurityConfiguration(key))),
      },
      child,
    );

    this.policies = [serviceManaged, serviceExtra, instancePolicy];
    this.registerOutputs({
      serviceRoleArn: this.serviceRole.arn,
      instanceRoleArn: this.instanceRole.arn,
      securityConfiguration: this.securityConfiguration.name,
    });
  }
}
