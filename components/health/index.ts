import * as pulumi from "@pulumi/pulumi";
import { AnalyticsPlatform } from "../analytics";
import { PlatformConfig } from "../config";
import { Foundation } from "../foundation";
import { Integrations } from "../integrations";
import { PipelineHealth } from "./pipelineHealth";

// Whether the pipeline works: alarms on what the foundation, the integrations and the analytics
// declare, each in its own account, all on the security topic.
export { PipelineHealth } from "./pipelineHealth";
export type { PipelineHealthArgs } from "./pipelineHealth";
export * from "./alarmSpecs";

/** Declares the pipeline's health alarms over the capabilities already declared. */
export function buildHealth(
  config: PlatformConfig,
  foundation: Foundation,
  integrations: Integrations,
  analytics: AnalyticsPlatform,
): PipelineHealth {
  const { accounts } = foundation;
  const processing = analytics.processing;
  return new PipelineHealth("pipeline-health", {
    accounts,
    alarmTopicArn: foundation.alarmTopic.arn,
    alarmEmails: config.alarmEmails,
    streams: integrations.centralization.streams,
    bufferingIntervalSeconds: integrations.centralization.bufferingIntervalSeconds,
    archiveBucketName: foundation.archiveBucketName,
    archiveFreshnessHours: config.accounts.logArchive.archiveFreshnessHours,
    stateMachineArn: processing.stateMachineArn,
    deadLetterQueues: Object.fromEntries(
      Object.entries(processing.schedules).map(([source, s]) => [source, s.deadLetterQueueName]),
    ),
    tags: accounts.tags,
  });
}

/** Stack outputs of the health alarms. */
export function healthOutputs(h: PipelineHealth): Record<string, pulumi.Input<unknown>> {
  return { alarmNames: Object.keys(h.alarms).sort() };
}
