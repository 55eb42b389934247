import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../config";
import { PlatformNaming } from "../core";
import { Foundation, FoundationOptions } from "../foundation";
import { LogCentralization } from "./centralization";
import { centralizationNames } from "./centralizationPolicies";
import { MemberBaseline } from "./memberBaseline";
import { RedshiftAudit } from "./redshiftAudit";

/** What the service-log integrations declare. */
export interface Integrations {
  /** Firehose streams and cross-account destinations of the log-archive account. */
  centralization: LogCentralization;
  /** One baseline per member account, in config order. */
  members: MemberBaseline[];
  /** Audit logging of the configured Redshift clusters. */
  redshift: RedshiftAudit[];
}

/** What the foundation must allow for the integrations (declared before the foundation). */
export function integrationFoundationOptions(config: PlatformConfig): FoundationOptions {
  const naming = new PlatformNaming(config.namePrefix, config.environment);
  return { archiveWriterRoleNames: [centralizationNames(naming).firehoseRole] };
}

/**
 * Declares CloudWatch Logs centralization, every member account's baseline (through that
 * account's providers) and the configured Redshift audit logging.
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

  const members = config.members.map((member, i) => {
    const account = accounts.members[i];
    return new MemberBaseline(account.key, {
      accounts,
      member,
      account,
      archiveBucketArn: foundation.archiveBucketArn,
      destinations: centralization.destinations,
      senderRoleName: centralization.senderRoleName,
    });
  });

  const redshift = config.redshiftAudit.clusters.map((cluster) => {
    const account = accounts.members[config.members.findIndex((m) => m.name === cluster.member)];
    return new RedshiftAudit(
      `redshift-${cluster.member}-${cluster.region}-${cluster.clusterIdentifier}`,
      {
        provider: accounts.provider(account),
        region: accounts.governed(cluster.region),
        target: { kind: "existing-cluster", clusterIdentifier: cluster.clusterIdentifier },
        destination:
          cluster.destination === "s3"
            ? { kind: "s3", bucketName: archive.regional[cluster.region].redshiftAudit.bucketName }
            : { kind: "cloudwatch", retentionDays: config.retention.cloudWatchDays },
        tags: accounts.logTags,
      },
    );
  });
  return { centralization, members, redshift };
}

/** Stack outputs of the integrations. */
export function integrationOutputs(i: Integrations): Record<string, pulumi.Input<unknown>> {
  return {
    centralLogDestinations: Object.fromEntries(
      Object.entries(i.centralization.destinations).map(([r, d]) => [r, d.destinationArn]),
    ),
    redshiftAuditParameterGroups: i.redshift.map((r) => r.parameterGroupName),
  };
}
