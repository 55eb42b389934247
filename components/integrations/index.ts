import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../config";
import { PlatformNaming } from "../core";
import { Foundation, FoundationOptions } from "../foundation";
import { LogCentralization } from "./centralization";
import { centralizationNames } from "./centralizationPolicies";
import { MEMBER_INPUTS_OUTPUT, MemberStackInputs } from "./memberStack";

export type { CentralStream } from "./centralization";
export { LoggedFunction } from "../core";
export type { LoggedFunctionArgs } from "../core";
export { MemberBaseline, destinationsFor } from "./memberBaseline";
export type { MemberBaselineArgs } from "./memberBaseline";
export { MEMBER_INPUTS_OUTPUT, buildMemberStack, parseMemberStackInputs } from "./memberStack";
export type { MemberStack, MemberStackInputs } from "./memberStack";
export { RedshiftAudit } from "./redshiftAudit";
export type { RedshiftAuditArgs } from "./redshiftAudit";

/** What the service-log integrations declare in the platform stack. */
export interface Integrations {
  /** Firehose streams and cross-account destinations of the log-archive account. */
  centralization: LogCentralization;
  /** What every member stack reads from this platform stack. */
  memberInputs: MemberStackInputs;
}

/** What the foundation must allow for the integrations (declared before the foundation). */
export function integrationFoundationOptions(config: PlatformConfig): FoundationOptions {
  const naming = new PlatformNaming(config.namePrefix, config.environment);
  return { archiveWriterRoleNames: [centralizationNames(naming).firehoseRole] };
}

/**
 * Declares CloudWatch Logs centralization in the log-archive account, and computes what member
 * stacks read from this one. Nothing here depends on the registered members: every grant names
 * the organization, so onboarding an account changes nothing in the platform stack.
 */
export function buildIntegrations(config: PlatformConfig, foundation: Foundation): Integrations {
  const { accounts, archive } = foundation;
  const centralization = new LogCentralization("central-logs", {
    accounts,
    archiveBucketName: foundation.archiveBucketName,
    archiveKeyArn: foundation.archiveKey.arn,
    logRetentionDays: config.retention.cloudWatchDays,
    protect: config.protectResources,
  });
  const memberInputs: MemberStackInputs = {
    archiveBucketArn: foundation.archiveBucketArn,
    destinationArns: Object.fromEntries(
      Object.entries(centralization.destinations).map(([r, d]) => [r, d.destinationArn]),
    ),
    redshiftAuditBuckets: Object.fromEntries(
      Object.entries(archive.regionalBucketNames).map(([r, b]) => [r, b.redshiftAudit]),
    ),
  };
  return { centralization, memberInputs };
}

/** Stack outputs of the integrations. */
export function integrationOutputs(i: Integrations): Record<string, pulumi.Input<unknown>> {
  return {
    centralLogDestinations: i.memberInputs.destinationArns,
    [MEMBER_INPUTS_OUTPUT]: i.memberInputs,
  };
}
