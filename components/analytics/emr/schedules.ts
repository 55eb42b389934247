import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LogSource } from "../../config";
import { Partition } from "../../core";
import { EmrSettings } from "./clusterSpec";
import { deadLetterQueuePolicy, schedulerPolicy, schedulerTrustPolicy } from "./pipelinePolicies";
import { schedulerRoleName } from "./roleNames";

/** How long a dead letter waits in its queue: SQS's maximum, 14 days. */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

/** Retries of a start the state machine refused (throttled, unavailable), within an hour. */
export const SCHEDULE_RETRY_POLICY = { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 3 };

/** A source's (or declared format's) schedule and the queue that receives the runs it could not start. */
export interface DailySchedule {
  schedule: aws.scheduler.Schedule;
  deadLetterQueue: aws.sqs.Queue;
  /** The queue's physical name (its alarm's dimension). */
  deadLetterQueueName: string;
}

/** What the daily schedules start and for which sources. */
export interface DailySchedulesInputs {
  partition: Partition;
  region: string;
  /** The audit account id (the scheduler role trusts its scheduler only). */
  accountId: string;
  /** Stem of physical names (`<prefix>-<env>`). */
  stem: string;
  settings: EmrSettings;
  stateMachine: aws.sfn.StateMachine;
  /** Input root per source that runs; a scheduled source without one gets no schedule. */
  inputs: Readonly<Record<string, string>>;
  /** Cron per declared format (formats/*.yaml `schedule`); each gets its schedule. */
  formatSchedules: Readonly<Record<string, string>>;
  /** The key the dead-letter queues are encrypted with (the analytics key). */
  queueKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
}

/**
 * One EventBridge Scheduler schedule per source and per declared format (cron in UTC) that starts the state machine for
 * the previous day, through a role allowed to start that state machine only; a start that still
 * fails after the retry policy lands in the schedule's own KMS-encrypted dead-letter queue.
 */
export function dailySchedules(
  name: string,
  d: DailySchedulesInputs,
  opts: pulumi.CustomResourceOptions,
): Record<string, DailySchedule> {
  const crons = new Map<string, string>(
    [
      ...(Object.entries(d.settings.schedules) as Array<[LogSource, string]>),
      ...Object.entries(d.formatSchedules),
    ].filter(([source]) => d.inputs[source] !== undefined),
  );
  const sources = [...crons.keys()];
  const queueName = (source: string) => `${d.stem}-logparse-${source}-dlq`;
  const queueArn = (source: string) =>
    `arn:${d.partition}:sqs:${d.region}:${d.accountId}:${queueName(source)}`;
  const queues: Record<string, aws.sqs.Queue> = {};
  for (const source of sources) {
    const queue = new aws.sqs.Queue(
      `${name}-${source}-dlq`,
      {
        name: queueName(source),
        kmsMasterKeyId: d.queueKeyArn,
        kmsDataKeyReusePeriodSeconds: 300,
        messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
        tags: d.tags,
      },
      opts,
    );
    new aws.sqs.QueuePolicy(
      `${name}-${source}-dlq`,
      { queueUrl: queue.url, policy: JSON.stringify(deadLetterQueuePolicy(queueArn(source))) },
      opts,
    );
    queues[source] = queue;
  }
  const schedulerRole = new aws.iam.Role(
    `${name}-scheduler`,
    {
      name: schedulerRoleName(d.stem),
      description: "EventBridge Scheduler: start the daily log-processing runs",
      assumeRolePolicy: JSON.stringify(schedulerTrustPolicy(d.accountId)),
      tags: d.tags,
    },
    opts,
  );
  const schedulerGrant = new aws.iam.RolePolicy(
    `${name}-scheduler`,
    {
      role: schedulerRole.id,
      policy: pulumi.all([d.stateMachine.arn, d.queueKeyArn]).apply(([arn, keyArn]) =>
        JSON.stringify(
          schedulerPolicy({
            stateMachineArn: arn,
            deadLetterQueueArns: sources.map(queueArn),
            queueKeyArn: keyArn,
            region: d.region,
          }),
        ),
      ),
    },
    opts,
  );
  const schedules: Record<string, DailySchedule> = {};
  for (const source of sources) {
    const deadLetterQueue = queues[source]!;
    const schedule = new aws.scheduler.Schedule(
      `${name}-${source}`,
      {
        name: `${d.stem}-logparse-${source}`,
        description: `Daily parse of yesterday's ${source} logs (UTC)`,
        scheduleExpression: crons.get(source)!,
        scheduleExpressionTimezone: "UTC",
        flexibleTimeWindow: { mode: "OFF" },
        state: "ENABLED",
        target: {
          arn: d.stateMachine.arn,
          roleArn: schedulerRole.arn,
          input: JSON.stringify({ source, scheduledTime: "<aws.scheduler.scheduled-time>" }),
          retryPolicy: SCHEDULE_RETRY_POLICY,
          deadLetterConfig: { arn: deadLetterQueue.arn },
        },
      },
      { ...opts, dependsOn: [schedulerGrant] },
    );
    schedules[source] = { schedule, deadLetterQueue, deadLetterQueueName: queueName(source) };
  }
  return schedules;
}
