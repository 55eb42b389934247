import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EmrClusterIdentity } from "./clusterIdentity";
import {
  ClusterPlacement,
  EmrSettings,
  PIPELINE_TAG,
  SPARK_CONFIGURATIONS,
  computeLimits,
} from "./clusterSpec";
import { EMR_LOG_PREFIX } from "./clusterPolicies";

/** What the cluster builders need besides the identity's roles and security groups. */
export interface ClusterInputs {
  /** Stem of physical names (`<prefix>-<env>`). */
  stem: string;
  settings: EmrSettings;
  subnetIds: pulumi.Input<string[]>;
  /** The analytics key: encrypts the logs EMR pushes to the lake. */
  analyticsKeyArn: pulumi.Input<string>;
  /** The lake bucket that holds the cluster logs under {@link EMR_LOG_PREFIX}. */
  lakeBucketName: string;
  tags: Record<string, string>;
}

/** `s3://<lake>/emr-logs/`: where EMR pushes cluster, step and container logs. */
export function clusterLogUri(lakeBucketName: string): string {
  return `s3://${lakeBucketName}/${EMR_LOG_PREFIX}`;
}

/**
 * Names and ids a cluster runs with (roles, network, encryption, logs), resolved once: the
 * persistent cluster uses the subnet, the transient run puts the whole record in RunJobFlow.
 */
export function clusterPlacement(
  identity: EmrClusterIdentity,
  c: ClusterInputs,
): pulumi.Output<ClusterPlacement> {
  const { primarySg, coreSg, serviceSg, profile, securityConfiguration, serviceRole } = identity;
  return pulumi
    .all([
      pulumi.output(c.subnetIds),
      c.analyticsKeyArn,
      primarySg.id,
      coreSg.id,
      serviceSg.id,
      serviceRole.name,
      profile.name,
      securityConfiguration.name,
    ])
    .apply(
      ([
        subnets,
        key,
        primary,
        core,
        service,
        serviceRoleName,
        instanceProfile,
        sc,
      ]): ClusterPlacement => ({
        name: `${c.stem}-logparse`,
        logUri: clusterLogUri(c.lakeBucketName),
        serviceRole: serviceRoleName,
        instanceProfile,
        securityConfiguration: sc,
        logEncryptionKeyArn: key,
        subnetId: subnets[0],
        primarySecurityGroup: primary,
        coreSecurityGroup: core,
        serviceAccessSecurityGroup: service,
        tags: c.tags,
      }),
    );
}

/**
 * The long-running cluster of `persistent` mode, kept alive between steps and ended after
 * `idleTimeoutMinutes` without work, with managed scaling from its starting size to the ceiling.
 */
export function persistentCluster(
  name: string,
  identity: EmrClusterIdentity,
  placement: pulumi.Output<ClusterPlacement>,
  c: ClusterInputs,
  opts: pulumi.CustomResourceOptions,
): aws.emr.Cluster {
  const s = c.settings;
  const ebsConfigs = [{ type: "gp3", size: s.ebsVolumeGiB, volumesPerInstance: 1 }];
  const cluster = new aws.emr.Cluster(
    name,
    {
      name: `${c.stem}-logparse`,
      releaseLabel: s.releaseLabel,
      applications: ["Spark"],
      configurationsJson: JSON.stringify(SPARK_CONFIGURATIONS),
      logUri: clusterLogUri(c.lakeBucketName),
      logEncryptionKmsKeyId: c.analyticsKeyArn,
      serviceRole: identity.serviceRole.arn,
      securityConfiguration: identity.securityConfiguration.name,
      ec2Attributes: {
        subnetId: placement.subnetId,
        instanceProfile: identity.profile.arn,
        emrManagedMasterSecurityGroup: identity.primarySg.id,
        emrManagedSlaveSecurityGroup: identity.coreSg.id,
        serviceAccessSecurityGroup: identity.serviceSg.id,
      },
      masterInstanceGroup: {
        instanceType: s.primaryInstanceType,
        instanceCount: 1,
        ebsConfigs,
      },
      coreInstanceGroup: {
        instanceType: s.coreInstanceType,
        instanceCount: s.coreInstanceCount,
        ebsConfigs,
      },
      autoTerminationPolicy: { idleTimeout: s.idleTimeoutMinutes * 60 },
      keepJobFlowAliveWhenNoSteps: true,
      // Two sources' runs may overlap; their steps run side by side instead of queueing.
      stepConcurrencyLevel: 2,
      unhealthyNodeReplacement: true,
      scaleDownBehavior: "TERMINATE_AT_TASK_COMPLETION",
      visibleToAllUsers: true,
      tags: { ...c.tags, [PIPELINE_TAG.key]: PIPELINE_TAG.value },
    },
    { ...opts, dependsOn: identity.policies },
  );
  const limits = computeLimits(s);
  new aws.emr.ManagedScalingPolicy(
    name,
    {
      clusterId: cluster.id,
      computeLimits: [
        {
          unitType: "Instances",
          minimumCapacityUnits: limits.minimum,
          maximumCapacityUnits: limits.maximum,
        },
      ],
    },
    opts,
  );
  return cluster;
}
