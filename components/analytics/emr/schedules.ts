import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LogSource } from "../../config";
import { EmrSettings } from "./clusterSpec";
import { schedulerPolicy, schedulerTrustPolicy } from "./pipelinePolicies";
import { schedulerRoleName } from "./roleNames";

/** What the daily schedules start and for which sources. */
export interface DailySchedulesInputs {
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
  tags: Record<string, string>;
}

/**
 * One EventBridge Scheduler schedule per source and per declared format (cron in UTC) that
 * starts the state machine for the previous day, through a role allowed to start that state
 * machine only.
 */
export function dailySchedules(
  name: string,
  d: DailySchedulesInputs,
  opts: pulumi.CustomResourceOptions,
): Record<string, aws.scheduler.Schedule> {
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
      policy: d.stateMachine.arn.apply((arn) => JSON.stringify(schedulerPolicy(arn))),
    },
    opts,
  );
  const schedules: Record<string, aws.scheduler.Schedule> = {};
  const crons: Array<[string, string]> = [
    ...(Object.entries(d.settings.schedules) as Array<[LogSource, string]>),
    ...Object.entries(d.formatSchedules),
  ];
  for (const [source, cron] of crons) {
    if (d.inputs[source] === undefined) continue;
    schedules[source] = new aws.scheduler.Schedule(
      `${name}-${source}`,
      {
        name: `${d.stem}-logparse-${source}`,
        description: `Daily parse of yesterday's ${source} logs (UTC)`,
        scheduleExpression: cron,
        scheduleExpressionTimezone: "UTC",
        flexibleTimeWindow: { mode: "OFF" },
        state: "ENABLED",
        target: {
          arn: d.stateMachine.arn,
          roleArn: schedulerRole.arn,
          input: JSON.stringify({ source, scheduledTime: "<aws.scheduler.scheduled-time>" }),
          retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 3 },
        },
      },
      { ...opts, dependsOn: [schedulerGrant] },
    );
  }
  return schedules;
}
