import { AnalyticsConfig } from "../../config";

/** EMR sizing and behaviour from config. */
export type EmrSettings = AnalyticsConfig["emr"];

/** Tag marking clusters this pipeline creates; the state machine may only touch those. */
export const PIPELINE_TAG = { key: "logging:pipeline", value: "logparse" } as const;

/** The Hive metastore client that makes the Glue Data Catalog Spark SQL's catalog on EMR. */
export const GLUE_METASTORE_FACTORY =
  "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory";

/**
 * Spark settings: size executors to the nodes, use EMR's S3-optimized committer (it also
 * handles the dynamic partition overwrite the job uses to replace a day exactly), and the Glue
 * Data Catalog as the metastore, where the job registers the partitions it writes.
 */
/** One EMR configuration classification. */
export interface EmrConfiguration {
  Classification: string;
  Properties: Record<string, string>;
}

export const SPARK_CONFIGURATIONS: readonly EmrConfiguration[] = [
  { Classification: "spark", Properties: { maximizeResourceAllocation: "true" } },
  {
    Classification: "spark-hive-site",
    Properties: { "hive.metastore.client.factory.class": GLUE_METASTORE_FACTORY },
  },
  {
    Classification: "spark-defaults",
    Properties: {
      "spark.sql.catalogImplementation": "hive",
      "spark.sql.parquet.fs.optimized.committer.optimization-enabled": "true",
      "spark.dynamicAllocation.enabled": "true",
    },
  },
];

/** gp3 EBS for one node group, in the EMR API's shape. */
function ebs(settings: EmrSettings) {
  return {
    EbsBlockDeviceConfigs: [
      {
        VolumeSpecification: { VolumeType: "gp3", SizeInGB: settings.ebsVolumeGiB },
        VolumesPerInstance: 1,
      },
    ],
  };
}

/** What a cluster needs besides sizing: roles, network, encryption, logs. */
export interface ClusterPlacement {
  name: string;
  logUri: string;
  /** Name of the EMR service role. */
  serviceRole: string;
  /** Name of the nodes' instance profile. */
  instanceProfile: string;
  /** Name of the EMR security configuration. */
  securityConfiguration: string;
  /** The analytics key: encrypts the logs EMR pushes to logUri. */
  logEncryptionKeyArn: string;
  subnetId: string;
  primarySecurityGroup: string;
  coreSecurityGroup: string;
  serviceAccessSecurityGroup: string;
  tags: Record<string, string>;
}

/** Managed scaling bounds in instances: the starting size up to the configured ceiling. */
export function computeLimits(settings: EmrSettings): { minimum: number; maximum: number } {
  return { minimum: settings.coreInstanceCount + 1, maximum: settings.maxCapacityUnits };
}

/**
 * The RunJobFlow request of a transient cluster (Step Functions createCluster.sync): the same
 * release, sizing, scaling, idle auto-termination and security as the persistent cluster.
 */
export function runJobFlowRequest(
  p: ClusterPlacement,
  settings: EmrSettings,
): Record<string, unknown> {
  const limits = computeLimits(settings);
  return {
    Name: p.name,
    ReleaseLabel: settings.releaseLabel,
    Applications: [{ Name: "Spark" }],
    Configurations: SPARK_CONFIGURATIONS,
    LogUri: p.logUri,
    LogEncryptionKmsKeyId: p.logEncryptionKeyArn,
    ServiceRole: p.serviceRole,
    JobFlowRole: p.instanceProfile,
    SecurityConfiguration: p.securityConfiguration,
    VisibleToAllUsers: true,
    Instances: {
      Ec2SubnetId: p.subnetId,
      EmrManagedMasterSecurityGroup: p.primarySecurityGroup,
      EmrManagedSlaveSecurityGroup: p.coreSecurityGroup,
      ServiceAccessSecurityGroup: p.serviceAccessSecurityGroup,
      KeepJobFlowAliveWhenNoSteps: true,
      TerminationProtected: false,
      InstanceGroups: [
        {
          Name: "primary",
          InstanceRole: "MASTER",
          InstanceType: settings.primaryInstanceType,
          InstanceCount: 1,
          EbsConfiguration: ebs(settings),
        },
        {
          Name: "core",
          InstanceRole: "CORE",
          InstanceType: settings.coreInstanceType,
          InstanceCount: settings.coreInstanceCount,
          EbsConfiguration: ebs(settings),
        },
      ],
    },
    ManagedScalingPolicy: {
      ComputeLimits: {
        UnitType: "Instances",
        MinimumCapacityUnits: limits.minimum,
        MaximumCapacityUnits: limits.maximum,
      },
    },
    AutoTerminationPolicy: { IdleTimeout: settings.idleTimeoutMinutes * 60 },
    Tags: Object.entries({ ...p.tags, [PIPELINE_TAG.key]: PIPELINE_TAG.value }).map(
      ([Key, Value]) => ({ Key, Value }),
    ),
  };
}
