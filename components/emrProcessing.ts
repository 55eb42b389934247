import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { LogSource } from "./analytics/settings";
import { AnalyticsConfig } from "./config";
import {
  ClusterPlacement,
  PIPELINE_TAG,
  SPARK_CONFIGURATIONS,
  computeLimits,
  runJobFlowRequest,
} from "./emr/clusterSpec";
import {
  EMR_LOG_PREFIX,
  EMR_MANAGED_TAG,
  EMR_SERVICE_POLICY_V2,
  ec2TrustPolicy,
  emrInstancePolicy,
  emrSecurityConfiguration,
  emrServiceExtraPolicy,
  emrServiceTrustPolicy,
  schedulerPolicy,
  schedulerTrustPolicy,
  stateMachinePolicy,
  statesTrustPolicy,
} from "./emr/iamPolicies";
import { BundleFile, bundleKeys, sparkBundle } from "./emr/sparkBundle";
import { logParseDefinition } from "./emr/stateMachine";
import { SparkJobLocations, indexStepArgs, parseStepArgs } from "./emr/stepCommand";
import { Partition } from "./naming";

/** The opensearch-spark connector (Spark 3.x, Scala 2.12: EMR 7's Spark 3.5) on Maven Central. */
export const OPENSEARCH_CONNECTOR = {
  artifact: "opensearch-spark-30_2.12",
  version: "1.3.0",
  url: "https://repo1.maven.org/maven2/org/opensearch/client/opensearch-spark-30_2.12/1.3.0/opensearch-spark-30_2.12-1.3.0.jar",
} as const;

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
    const roleName = (kind: string) => `${args.roleNamePrefix}${args.stem}-${kind}`;
    const s3Uri = (bucket: string, key = "") => `s3://${bucket}/${key}`;

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
    const [primarySg, coreSg, serviceSg] = groups;
    this.clusterSecurityGroupIds = [primarySg.id, coreSg.id];

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
              }),
            ),
          ),
      },
      child,
    );
    const profile = new aws.iam.InstanceProfile(
      `${name}-instance`,
      { name: roleName("emr-instance"), role: this.instanceRole.name, tags },
      child,
    );

    const securityConfiguration = new aws.emr.SecurityConfiguration(
      name,
      {
        name: `${args.stem}-logparse`,
        configuration: pulumi
          .output(args.analyticsKeyArn)
          .apply((key) => JSON.stringify(emrSecurityConfiguration(key))),
      },
      child,
    );

    const locations = this.uploadBundle(name, args, child);

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
    const clusterDeps = [serviceManaged, serviceExtra, instancePolicy];

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
        name: `${args.stem}-logparse-states`,
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
        name: `${args.stem}-logparse-scheduler`,
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

  /** Uploads the Spark bundle and the connector jar; returns where steps find them. */
  private uploadBundle(
    name: string,
    args: EmrProcessingArgs,
    child: { parent: pulumi.Resource; provider: aws.Provider },
  ): SparkJobLocations {
    const root = args.repoRoot ?? path.resolve(__dirname, "..");
    const bundle = sparkBundle(root);
    const keys = bundleKeys(bundle.hash);
    const archive = (files: BundleFile[]) =>
      new pulumi.asset.AssetArchive(
        Object.fromEntries(
          files.map((f) => [f.archivePath, new pulumi.asset.FileAsset(f.sourcePath)]),
        ),
      );
    const upload = (
      suffix: string,
      key: string,
      source: pulumi.asset.Asset | pulumi.asset.Archive,
      contentType: string,
    ) =>
      new aws.s3.BucketObjectv2(
        `${name}-${suffix}`,
        {
          bucket: args.artifactsBucketName,
          key,
          source,
          contentType,
          serverSideEncryption: "aws:kms",
          kmsKeyId: args.analyticsKeyArn,
          bucketKeyEnabled: true,
          tags: args.tags,
        },
        child,
      );
    upload("package", keys.packageZip, archive(bundle.packageFiles), "application/zip");
    upload("schemas", keys.schemasZip, archive(bundle.schemaFiles), "application/zip");
    upload(
      "job",
      keys.jobScript,
      new pulumi.asset.FileAsset(bundle.jobScript.sourcePath),
      "text/x-python",
    );
    upload(
      "search-index",
      keys.searchScript,
      new pulumi.asset.FileAsset(bundle.searchScript.sourcePath),
      "text/x-python",
    );
    const jarKey = `jars/${OPENSEARCH_CONNECTOR.artifact}-${OPENSEARCH_CONNECTOR.version}.jar`;
    upload(
      "connector",
      jarKey,
      new pulumi.asset.RemoteAsset(OPENSEARCH_CONNECTOR.url),
      "application/java-archive",
    );
    const art = (key: string) => `s3://${args.artifactsBucketName}/${key}`;
    const lake = (prefix: string) => `s3://${args.lakeBucketName}/${prefix}`;
    return {
      packageZipUri: art(keys.packageZip),
      schemasZipUri: art(keys.schemasZip),
      jobScriptUri: art(keys.jobScript),
      searchScriptUri: art(keys.searchScript),
      connectorJarUri: art(jarKey),
      outputUri: lake("parsed/"),
      rejectsUri: lake("rejects/"),
      runsUri: lake("runs/"),
    };
  }
}
