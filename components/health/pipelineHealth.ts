import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformAccounts, alarmTopicPolicy } from "../foundation";
import { CentralStream } from "../integrations";
import {
  AlarmSpec,
  archiveFreshnessAlarm,
  deadLetterAlarm,
  firehoseAlarms,
  stateMachineAlarms,
  trailObjectPrefix,
} from "./alarmSpecs";

/** Args of {@link PipelineHealth}. */
export interface PipelineHealthArgs {
  /** The account registry (providers, naming, core accounts). Required. */
  accounts: PlatformAccounts;
  /** The security topic (management account, home Region). Required. */
  alarmTopicArn: pulumi.Input<string>;
  /** Recipients of the Regional topics outside the home Region (the security topic's). Required. */
  alarmEmails: readonly string[];
  /** The centralization's Firehose streams by Region, and its buffering interval. Required. */
  streams: Readonly<Record<string, CentralStream>>;
  bufferingIntervalSeconds: number;
  /** The central archive bucket (log-archive account, home Region). Required. */
  archiveBucketName: string;
  /** Hours without a new CloudTrail object before the freshness alarm. Required (1..168). */
  archiveFreshnessHours: number;
  /** The log-processing state machine (audit account); its name is fixed, so its ARN is known. */
  stateMachineArn: string;
  /** Dead-letter queue name of each scheduled source (audit account). Required. */
  deadLetterQueues: Readonly<Record<string, string>>;
  /** Tags. Default: none beyond the providers' default tags. */
  tags?: Record<string, string>;
}

/**
 * The pipeline's health alarms, each in the account and Region of what it watches, all on the
 * encrypted security topic: Firehose delivery freshness and success per Region, archive
 * freshness (no new CloudTrail objects, missing data breaching), failed and timed-out
 * state-machine executions, and each schedule's dead-letter queue depth. CloudWatch alarms can
 * act only on a topic of their own Region, so Firehose streams outside the home Region notify a
 * KMS-encrypted topic of the log-archive account in that Region, with the same recipients.
 */
export class PipelineHealth extends pulumi.ComponentResource {
  /** Every alarm, by its name. */
  readonly alarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;

  constructor(name: string, args: PipelineHealthArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:health:PipelineHealth", name, {}, opts);
    const { accounts } = args;
    const stem = accounts.naming.stem;
    const home = accounts.homeRegion;
    const tags = args.tags ?? {};
    const logArchive = { parent: this, provider: accounts.provider(accounts.logArchive) };
    const audit = { parent: this, provider: accounts.provider(accounts.audit) };
    const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
    const declare = (
      spec: AlarmSpec,
      topicArn: pulumi.Input<string>,
      child: pulumi.CustomResourceOptions,
      region?: string,
    ): void => {
      alarms[spec.name] = this.alarm(spec, topicArn, child, region, tags);
    };

    const freshnessFilters = [accounts.management, accounts.logArchive, accounts.audit].map(
      (account) =>
        new aws.s3.BucketMetric(
          `${name}-cloudtrail-${account.key}`,
          {
            bucket: args.archiveBucketName,
            name: `cloudtrail-${account.key}`,
            filter: { prefix: trailObjectPrefix(accounts.organizationId, account.id) },
          },
          logArchive,
        ),
    );
    declare(
      archiveFreshnessAlarm(
        stem,
        args.archiveBucketName,
        [accounts.management, accounts.logArchive, accounts.audit].map(
          (a) => `cloudtrail-${a.key}`,
        ),
        args.archiveFreshnessHours,
      ),
      args.alarmTopicArn,
      { ...logArchive, dependsOn: freshnessFilters },
    );

    for (const [region, stream] of Object.entries(args.streams)) {
      const topicArn =
        region === home
          ? args.alarmTopicArn
          : this.regionalTopic(
              `${name}-${region}`,
              accounts,
              region,
              stream,
              args.alarmEmails,
              tags,
            );
      for (const spec of firehoseAlarms(
        stem,
        region,
        stream.streamName,
        args.bufferingIntervalSeconds,
      )) {
        declare(spec, topicArn, logArchive, region === home ? undefined : region);
      }
    }

    for (const spec of stateMachineAlarms(stem, args.stateMachineArn)) {
      declare(spec, args.alarmTopicArn, audit);
    }
    for (const [source, queueName] of Object.entries(args.deadLetterQueues)) {
      declare(deadLetterAlarm(stem, source, queueName), args.alarmTopicArn, audit);
    }
    this.alarms = alarms;
    this.registerOutputs({ alarmNames: Object.keys(alarms) });
  }

  /** One spec as an alarm notifying `topicArn` on alarm and on recovery. */
  private alarm(
    spec: AlarmSpec,
    topicArn: pulumi.Input<string>,
    child: pulumi.CustomResourceOptions,
    region: string | undefined,
    tags: Record<string, string>,
  ): aws.cloudwatch.MetricAlarm {
    const common = {
      region,
      name: spec.name,
      alarmDescription: spec.description,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      threshold: spec.threshold,
      comparisonOperator: spec.comparisonOperator,
      treatMissingData: spec.treatMissingData,
      alarmActions: [topicArn],
      okActions: [topicArn],
      tags,
    };
    if (spec.expression === undefined) {
      const [m] = spec.metrics;
      return new aws.cloudwatch.MetricAlarm(
        spec.name,
        {
          ...common,
          namespace: m.namespace,
          metricName: m.metricName,
          dimensions: m.dimensions,
          statistic: m.stat,
          period: spec.period,
        },
        child,
      );
    }
    return new aws.cloudwatch.MetricAlarm(
      spec.name,
      {
        ...common,
        metricQueries: [
          ...spec.metrics.map((m, i) => ({
            id: `m${i + 1}`,
            metric: {
              namespace: m.namespace,
              metricName: m.metricName,
              dimensions: m.dimensions,
              stat: m.stat,
              period: spec.period,
            },
            returnData: false,
          })),
          { id: "e1", expression: spec.expression, label: spec.name, returnData: true },
        ],
      },
      child,
    );
  }

  /** The log-archive account's encrypted alarm topic in a Region other than the home Region. */
  private regionalTopic(
    name: string,
    accounts: PlatformAccounts,
    region: string,
    stream: CentralStream,
    emails: readonly string[],
    tags: Record<string, string>,
  ): pulumi.Output<string> {
    const child = { parent: this, provider: accounts.provider(accounts.logArchive) };
    const account = accounts.logArchive.id;
    const topicName = accounts.naming.resource("security-alarms");
    const topicArn = `arn:${accounts.partition}:sns:${region}:${account}:${topicName}`;
    const policy = alarmTopicPolicy(topicArn, account, region, accounts.partition);
    const topic = new aws.sns.Topic(
      name,
      { region, name: topicName, kmsMasterKeyId: stream.key.arn, tags },
      child,
    );
    new aws.sns.TopicPolicy(
      name,
      { region, arn: topic.arn, policy: JSON.stringify(policy) },
      child,
    );
    emails.forEach((email, i) => {
      new aws.sns.TopicSubscription(
        `${name}-email-${i}`,
        { region, topic: topic.arn, protocol: "email", endpoint: email },
        child,
      );
    });
    return topic.arn;
  }
}
