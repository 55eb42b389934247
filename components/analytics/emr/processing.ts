import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { AnalyticsConfig, LogSource } from "../../config";
import { Partition } from "../../core";
import { DeclaredFormat } from "../formats";
import { hotDatasetsOf } from "../search";
import { clusterPlacement, persistentCluster } from "./cluster";
import { EmrClusterIdentity } from "./clusterIdentity";
import { DailySchedule, dailySchedules } from "./schedules";
import { SparkArtifacts } from "./sparkArtifacts";
import { logParseStateMachine, logParseStateMachineName, scheduledInputs } from "./stateMachine";

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
  /**
   * Formats declared in `formats/`: each runs daily on its own schedule, reading its key
   * layout under `formatsInputRoot`. Default: none.
   */
  formats?: DeclaredFormat[];
  /** Root of the declared formats' objects (the archive, `s3://…/`). Required with formats. */
  formatsInputRoot?: string;
  /** Home-Region service-log buckets the nodes read (names). Required. */
  serviceLogBuckets: string[];
  /** The lake, artifacts bucket and analytics key. Required. */
  lakeBucketName: string;
  artifactsBucketName: string;
  analyticsKeyArn: pulumi.Input<string>;
  /** The OpenSearch domain the hot subset goes to. Required. */
  domainArn: pulumi.Input<string>;
  domainEndpoint: pulumi.Input<string>;
  /** The Glue database of the lake's tables; the parse step registers partitions there. Required. */
  catalogDatabase: string;
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
  /** Its ARN as a plain string (the name is fixed). */
  readonly stateMachineArn: string;
  readonly cluster?: aws.emr.Cluster;
  readonly instanceRole: aws.iam.Role;
  readonly serviceRole: aws.iam.Role;
  /** The daily schedule of each source and declared format that runs, with its dead-letter queue. */
  readonly schedules: Readonly<Record<string, DailySchedule>>;
  /** Security groups of the cluster (OpenSearch admits the core and primary groups). */
  readonly clusterSecurityGroupIds: pulumi.Output<string>[];

  constructor(name: string, args: EmrProcessingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:emr:EmrProcessing", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const tags = args.tags ?? {};
    const s = args.settings;
    const { partition, region, accountId } = args;

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
        catalogDatabase: args.catalogDatabase,
        tags,
      },
      { parent: this },
    );
    this.serviceRole = identity.serviceRole;
    this.instanceRole = identity.instanceRole;
    this.clusterSecurityGroupIds = [identity.primarySg.id, identity.coreSg.id];

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

    const clusterInputs = {
      stem: args.stem,
      settings: s,
      subnetIds: args.subnetIds,
      analyticsKeyArn: args.analyticsKeyArn,
      lakeBucketName: args.lakeBucketName,
      tags,
    };
    const placement = clusterPlacement(identity, clusterInputs);
    if (s.mode === "persistent") {
      this.cluster = persistentCluster(name, identity, placement, clusterInputs, child);
    }

    const formats = args.formats ?? [];
    if (formats.length > 0 && args.formatsInputRoot === undefined) {
      throw new Error(`${name}: formatsInputRoot is required with declared formats`);
    }
    const inputs: Record<string, string> = {
      ...scheduledInputs(s.schedules, args.inputs),
      ...Object.fromEntries(formats.map((f) => [f.name, args.formatsInputRoot as string])),
    };
    this.stateMachineArn = `arn:${partition}:states:${region}:${accountId}:stateMachine:${logParseStateMachineName(args.stem)}`;
    this.stateMachine = logParseStateMachine(
      name,
      identity,
      {
        partition,
        region,
        accountId,
        stem: args.stem,
        settings: s,
        cluster: this.cluster,
        placement,
        locations,
        inputs,
        hotDatasets: hotDatasetsOf(inputs),
        domainEndpoint: args.domainEndpoint,
        catalogDatabase: args.catalogDatabase,
        alarmTopicArn: args.alarmTopicArn,
        alarmTopicKeyArn: args.alarmTopicKeyArn,
        analyticsKeyArn: args.analyticsKeyArn,
        logGroupName: args.logGroupName,
        logRetentionDays: args.logRetentionDays,
        tags,
      },
      child,
    );
    this.schedules = dailySchedules(
      name,
      {
        partition,
        region,
        accountId,
        stem: args.stem,
        settings: s,
        stateMachine: this.stateMachine,
        inputs,
        formatSchedules: Object.fromEntries(formats.map((f) => [f.name, f.schedule])),
        queueKeyArn: args.analyticsKeyArn,
        tags,
      },
      child,
    );
    this.registerOutputs({
      stateMachineArn: this.stateMachine.arn,
      clusterId: this.cluster?.id,
    });
  }
}
