import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LogSource } from "../../config";
import { Partition } from "../../core";
import { EmrClusterIdentity } from "./clusterIdentity";
import { ClusterPlacement, EmrSettings, PIPELINE_TAG, runJobFlowRequest } from "./clusterSpec";
import { stateMachinePolicy, statesTrustPolicy } from "./pipelinePolicies";
import { statesRoleName } from "./roleNames";
import { logParseDefinition } from "./stateMachineDefinition";
import { SparkJobLocations, indexStepArgs, parseStepArgs } from "./stepCommand";

/** The state machine's name: fixed, so its ARN is known before it exists (alarms name it). */
export function logParseStateMachineName(stem: string): string {
  return `${stem}-logparse`;
}

/** What the log-processing state machine runs and reports to. */
export interface LogParseStateMachineInputs {
  partition: Partition;
  region: string;
  /** The audit account id. */
  accountId: string;
  /** Stem of physical names (`<prefix>-<env>`). */
  stem: string;
  settings: EmrSettings;
  /** The persistent cluster, when there is one; transient mode starts a cluster per run. */
  cluster?: aws.emr.Cluster;
  placement: pulumi.Output<ClusterPlacement>;
  /** Where the job script, package and schemas sit in the artifacts bucket. */
  locations: SparkJobLocations;
  /** Input root per source that runs (`s3://…/`). */
  inputs: Readonly<Record<string, string>>;
  /** Dataset indexed into OpenSearch, by source, for the sources that run. */
  hotDatasets: Readonly<Record<string, string>>;
  domainEndpoint: pulumi.Input<string>;
  /** The Glue database whose tables' partitions the parse step registers. */
  catalogDatabase: string;
  alarmTopicArn: pulumi.Input<string>;
  alarmTopicKeyArn: pulumi.Input<string>;
  analyticsKeyArn: pulumi.Input<string>;
  logGroupName: string;
  logRetentionDays: number;
  tags: Record<string, string>;
}

/**
 * The Step Functions state machine that runs one day of one source on EMR (adding steps to the
 * persistent cluster, or running a transient one), indexes the hot subset and publishes
 * failures to the alarm topic; with its role and its KMS-encrypted execution log group.
 */
export function logParseStateMachine(
  name: string,
  identity: EmrClusterIdentity,
  m: LogParseStateMachineInputs,
  opts: pulumi.CustomResourceOptions,
): aws.sfn.StateMachine {
  const s = m.settings;
  const { partition, region, accountId } = m;
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-states`,
    {
      name: m.logGroupName,
      retentionInDays: m.logRetentionDays,
      kmsKeyId: m.analyticsKeyArn,
      tags: m.tags,
    },
    opts,
  );
  const statesRole = new aws.iam.Role(
    `${name}-states`,
    {
      name: statesRoleName(m.stem),
      description: "Step Functions: run the daily log-processing steps on EMR",
      assumeRolePolicy: JSON.stringify(statesTrustPolicy(partition, region, accountId)),
      tags: m.tags,
    },
    opts,
  );
  const statesPolicy = new aws.iam.RolePolicy(
    `${name}-states`,
    {
      role: statesRole.id,
      policy: pulumi
        .all([
          m.cluster?.arn ?? "",
          identity.serviceRole.arn,
          identity.instanceRole.arn,
          m.alarmTopicArn,
          m.alarmTopicKeyArn,
          m.analyticsKeyArn,
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
    opts,
  );

  const definition = pulumi
    .all([m.cluster?.id ?? "", m.placement, m.alarmTopicArn, m.domainEndpoint])
    .apply(([clusterId, place, topic, endpoint]) =>
      JSON.stringify(
        logParseDefinition({
          partition: m.partition,
          mode: s.mode,
          clusterId: s.mode === "persistent" ? clusterId : undefined,
          runJobFlow: s.mode === "transient" ? runJobFlowRequest(place, s) : undefined,
          inputs: m.inputs,
          hotDatasets: m.hotDatasets,
          parseArgs: parseStepArgs(m.locations, s.maxRejectRatio, m.catalogDatabase),
          indexArgs: indexStepArgs(m.locations, { endpoint: `https://${endpoint}`, region }),
          alarmTopicArn: topic,
        }),
      ),
    );
  return new aws.sfn.StateMachine(
    name,
    {
      name: logParseStateMachineName(m.stem),
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
        kmsKeyId: m.analyticsKeyArn,
        kmsDataKeyReusePeriodSeconds: 300,
      },
      tracingConfiguration: { enabled: false },
      tags: m.tags,
    },
    { ...opts, dependsOn: [statesPolicy] },
  );
}

/** The sources that run: those with a schedule and an input root. */
export function scheduledInputs(
  schedules: EmrSettings["schedules"],
  inputs: Readonly<Partial<Record<LogSource, string>>>,
): Record<string, string> {
  const running: Record<string, string> = {};
  for (const source of Object.keys(schedules) as LogSource[]) {
    const root = inputs[source];
    if (root !== undefined) running[source] = root;
  }
  return running;
}
