import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { LogSource } from "../../config/analytics";
import { AnalyticsConfig } from "../../config";
import {
  ClusterPlacement,
  PIPELINE_TAG,
  SPARK_CONFIGURATIONS,
  computeLimits,
  runJobFlowRequest,
} from "./clusterSpec";
import { EmrClusterIdentity } from "./clusterIdentity";
import {
  EMR_LOG_PREFIX,
  schedulerPolicy,
  schedulerTrustPolicy,
  stateMachinePolicy,
  statesTrustPolicy,
} from "./iamPolicies";
import { schedulerRoleName, statesRoleName } from "./roleNames";
import { SparkArtifacts } from "./sparkArtifacts";
import { logParseDefinition } from "./stateMachineDefinition";
import { indexStepArgs, parseStepArgs } from "./stepCommand";
import { Partition } from "../../core/naming";

/** Datasets whose hot subset is indexed into OpenSearch, by the source that produces them. */
export const HOT_DATASETS: Readonly<Partial<Record<LogSource, string>>> = {
  cloudtrail: "cloudtrail",
  alb: "alb",
  emr: "emr_logs",
};

/** Args of {@link EmrProcessing}. */
export interface EmrProcessingArgs {
  /** Provider of the audit account in the home Region. Required. */
  provider: aws.Provider;
  partition: Partition;
  region: string;
  /** The audit account id. */
  accountId: string;
  /** Stem of physical names (`<prefix>-<env>`). Required. */
  stem: string;
  /** Prefix of role names; must match an archive reader pattern. Required. */
  roleNamePrefix: string;
  /** EMR settings from config. Required. */
  settings: AnalyticsConfig["emr"];
  /** The VPC and its private subnets. Required. */
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string[]>;
  /** The central archive and its key. Required. */
  archiveBucketName: string;
  archiveKeyArn: pulumi.Input<string>;
  /** Input root per source (`s3://…/`); only sources with a schedule and a root run. Required. */
  inputs: Readonly<Partial<Record<LogSource, string>>>;
  /** Home-Region service-log buckets the nodes read (names). Required. */
  serviceLogBuckets: string[];
  /** The lake, artifacts bucket and analytics key. Required. */
  lakeBucketName: string;
  artifactsBucketName: string;
  analyticsKeyArn: pulumi.Input<string>;
  /** The OpenSearch domain the hot subset goes to. Required. */
  domainArn: pulumi.Input<string>;
  domainEndpoint: pulumi.Input<string>;
  /** The platform alarm topic (management account) and its key. Required. */
  alarmTopicArn: pulumi.Input<string>;
  alarmTopicKeyArn: pulumi.Input<string>;
  /** State machine log group name and retention. Required. */
  logGroupName: string;
  logRetentionDays: number;
  /** Repository root holding spark/ and schemas/. Default: the directory above components/. */
  repoRoot?: string;
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * EMR log processing: roles, security configuration, the Spark bundle in the artifacts bucket,
 * the cluster (persistent mode) and the Step Functions state machine that EventBridge Scheduler
 * starts once a day per source.
 */
export class EmrProcessing extends pulumi.ComponentResource {
  readonly stateMachine: aws.sfn.StateMachine;
  readonly cluster?: aws.emr.Cluster;
  readonly instanceRole: aws.iam.Role;
  readonly serviceRole: aws.iam.Role;
  readonly schedules: Readonly<Partial<Record<LogSource, aws.scheduler.Schedule>>>;
  /** Security groups of the cluster (OpenSearch admits the core and primary groups). */
  readonly clusterSecurityGroupIds: pulumi.Output<string>[];

  constructor(name: string, args: EmrProcessingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:emr:EmrProcessing", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const tags = args.tags ?? {};
    const s = args.settings;
    const { partition, region, accountId } = args;
    const s3Uri = (bucket: string, key = "") => `s3://${bucket}/${key}`;

    const identity = new EmrClusterIdentity(
      name,
      {
        provider: args.provider,
        partition,
        region,
        accountId,
        stem: args.stem,
        roleNamePrefix: args.roleNamePrefix,
        vpcId: args.vpcId,
        archiveBucketName: args.archiveBucketName,
        archiveKeyArn: args.archiveKeyArn,
        serviceLogBuckets: args.serviceLogBuckets,
        lakeBucketName: args.lakeBucketName,
        artifactsBucketName: args.artifactsBucketName,
        analyticsKeyArn: args.analyticsKeyArn,
        domainArn: args.domainArn,
        tags,
      },
      { parent: this },
    );
    const { primarySg, coreSg, serviceSg, profile, securityConfiguration } = identity;
    this.serviceRole = identity.serviceRole;
    this.instanceRole = identity.instanceRole;
    this.clusterSecurityGroupIds = [primarySg.id, coreSg.id];

    const locations = new SparkArtifacts(
      name,
      {
        provider: args.provider,
        artifactsBucketName: args.artifactsBucketName,
        lakeBucketName: args.lakeBucketName,
        keyArn: args.analyticsKeyArn,
        repoRoot: args.repoRoot ?? path.resolve(__dirname, "..", "..", ".."),
        tags,
      },
      { parent: this },
    ).locations;

    const placement = pulumi
      .all([
        pulumi.output(args.subnetIds),
        args.analyticsKeyArn,
        primarySg.id,
        coreSg.id,
        serviceSg.id,
        this.serviceRole.name,
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
          serviceRole,
          instanceProfile,
          sc,
        ]): ClusterPlacement => ({
          name: `${args.stem}-logparse`,
          logUri: s3Uri(args.lakeBucketName, EMR_LOG_PREFIX),
          serviceRole,
          instanceProfile,
          securityConfiguration: sc,
          logEncryptionKeyArn: key,
          subnetId: subnets[0],
          primarySecurityGroup: primary,
          coreSecurityGroup: core,
          serviceAccessSecurityGroup: service,
          tags,
        }),
      );
    const clusterDeps = identity.policies;

    if (s.mode === "persistent") {
      const ebsConfigs = [{ type: "gp3", size: s.ebsVolumeGiB, volumesPerInstance: 1 }];
      this.cluster = new aws.emr.Cluster(
        name,
        {
          name: `${args.stem}-logparse`,
          releaseLabel: s.releaseLabel,
          applications: ["Spark"],
          configurationsJson: JSON.stringify(SPARK_CONFIGURATIONS),
          logUri: s3Uri(args.lakeBucketName, EMR_LOG_PREFIX),
          logEncryptionKmsKeyId: args.analyticsKeyArn,
          serviceRole: this.serviceRole.arn,
          securityConfiguration: securityConfiguration.name,
          ec2Attributes: {
            subnetId: placement.subnetId,
            instanceProfile: profile.arn,
            emrManagedMasterSecurityGroup: primarySg.id,
            emrManagedSlaveSecurityGroup: coreSg.id,
            serviceAccessSecurityGroup: serviceSg.id,
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
          tags: { ...tags, [PIPELINE_TAG.key]: PIPELINE_TAG.value },
        },
        { ...child, dependsOn: clusterDeps },
      );
      const limits = computeLimits(s);
      new aws.emr.ManagedScalingPolicy(
        name,
        {
          clusterId: this.cluster.id,
          computeLimits: [
            {
              unitType: "Instances",
              minimumCapacityUnits: limits.minimum,
              maximumCapacityUnits: limits.maximum,
            },
          ],
        },
        child,
      );
    }

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-states`,
      {
        name: args.logGroupName,
        retentionInDays: args.logRetentionDays,
        kmsKeyId: args.analyticsKeyArn,
        tags,
      },
      child,
    );
    const statesRole = new aws.iam.Role(
      `${name}-states`,
      {
        name: statesRoleName(args.stem),
        description: "Step Functions: run the daily log-processing steps on EMR",
        assumeRolePolicy: JSON.stringify(statesTrustPolicy(partition, region, accountId)),
        tags,
      },
      child,
    );
    const clusterArn = this.cluster?.arn;
    const statesPolicy = new aws.iam.RolePolicy(
      `${name}-states`,
      {
        role: statesRole.id,
        policy: pulumi
          .all([
            clusterArn ?? "",
            this.serviceRole.arn,
            this.instanceRole.arn,
            args.alarmTopicArn,
            args.alarmTopicKeyArn,
            args.analyticsKeyArn,
          ])
          .apply(([cluster, service, instance, topic, topicKey, key]) =>
            JSON.stringify(
              stateMachinePolicy({
                partition,
                region,
                accountId,
                mode: s.mode,
                clusterArn: cluster === "" ? undefined : cluster,
                clusterTag: PIPELINE_TAG,
                serviceRoleArn: service,
                instanceRoleArn: instance,
                alarmTopicArn: topic,
                alarmTopicKeyArn: topicKey,
                analyticsKeyArn: key,
              }),
            ),
          ),
      },
      child,
    );

    const inputs: Record<string, string> = {};
    for (const source of Object.keys(s.schedules) as LogSource[]) {
      const root = args.inputs[source];
      if (root !== undefined) inputs[source] = root;
    }
    const hot: Record<string, string> = {};
    for (const [source, dataset] of Object.entries(HOT_DATASETS)) {
      if (inputs[source] !== undefined) hot[source] = dataset;
    }
    const definition = pulumi
      .all([this.cluster?.id ?? "", placement, args.alarmTopicArn, args.domainEndpoint])
      .apply(([clusterId, place, topic, endpoint]) =>
        JSON.stringify(
          logParseDefinition({
            mode: s.mode,
            clusterId: s.mode === "persistent" ? clusterId : undefined,
            runJobFlow: s.mode === "transient" ? runJobFlowRequest(place, s) : undefined,
            inputs,
            hotDatasets: hot,
            parseArgs: parseStepArgs(locations, s.maxRejectRatio),
            indexArgs: indexStepArgs(locations, { endpoint: `https://${endpoint}`, region }),
            alarmTopicArn: topic,
          }),
        ),
      );
    this.stateMachine = new aws.sfn.StateMachine(
      name,
      {
        name: `${args.stem}-logparse`,
        type: "STANDARD",
        roleArn: statesRole.arn,
        definition,
        loggingConfiguration: {
          level: "ERROR",
          includeExecutionData: true,
          logDestination: pulumi.interpolate`${logGroup.arn}:*`,
        },
        encryptionConfiguration: {
          type: "CUSTOMER_MANAGED_KMS_KEY",
          kmsKeyId: args.analyticsKeyArn,
          kmsDataKeyReusePeriodSeconds: 300,
        },
        tracingConfiguration: { enabled: false },
        tags,
      },
      { ...child, dependsOn: [statesPolicy] },
    );

    const schedulerRole = new aws.iam.Role(
      `${name}-scheduler`,
      {
        name: schedulerRoleName(args.stem),
        description: "EventBridge Scheduler: start the daily log-processing runs",
        assumeRolePolicy: JSON.stringify(schedulerTrustPolicy(accountId)),
        tags,
      },
      child,
    );
    const schedulerGrant = new aws.iam.RolePolicy(
      `${name}-scheduler`,
      {
        role: schedulerRole.id,
        policy: this.stateMachine.arn.apply((arn) => JSON.stringify(schedulerPolicy(arn))),
      },
      child,
    );
    const schedules: Partial<Record<LogSource, aws.scheduler.Schedule>> = {};
    for (const [source, cron] of Object.entries(s.schedules) as Array<[LogSource, string]>) {
      if (inputs[source] === undefined) continue;
      schedules[source] = new aws.scheduler.Schedule(
        `${name}-${source}`,
        {
          name: `${args.stem}-logparse-${source}`,
          description: `Daily parse of yesterday's ${source} logs (UTC)`,
          scheduleExpression: cron,
          scheduleExpressionTimezone: "UTC",
          flexibleTimeWindow: { mode: "OFF" },
          state: "ENABLED",
          target: {
            arn: this.stateMachine.arn,
            roleArn: schedulerRole.arn,
            input: JSON.stringify({ source, scheduledTime: "<aws.scheduler.scheduled-time>" }),
            retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 3 },
          },
        },
        { ...child, dependsOn: [schedulerGrant] },
      );
    }
    this.schedules = schedules;
    this.registerOutputs({
      stateMachineArn: this.stateMachine.arn,
      clusterId: this.cluster?.id,
    });
  }
}
