import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../config";
import { PlatformNaming, baseTags, logDataTags, partitionOf } from "../core";
import { providerArgs } from "../foundation";
import { centralizationNames } from "./centralizationPolicies";
import { MemberBaseline } from "./memberBaseline";
import { RedshiftAudit } from "./redshiftAudit";

/**
 * What a member stack reads from its environment's platform stack (the platform's
 * `memberInputs` output): everything a member baseline points at in the log-archive account.
 * Plain strings: every name is fixed by the platform's naming, so the platform stack's output
 * does not depend on which members exist.
 */
export interface MemberStackInputs {
  /** ARN of the central archive bucket (flow logs deliver here). */
  archiveBucketArn: string;
  /** ARN of the CloudWatch Logs destination of each governed Region. */
  destinationArns: Record<string, string>;
  /** Redshift audit bucket of each governed Region. */
  redshiftAuditBuckets: Record<string, string>;
}

/** The name of the platform stack output that holds {@link MemberStackInputs}. */
export const MEMBER_INPUTS_OUTPUT = "memberInputs";

/**
 * Checks a platform stack's `memberInputs` output as a StackReference returns it.
 * @throws Error naming the platform stack and the field that is missing or malformed.
 */
export function parseMemberStackInputs(value: unknown, platformStack: string): MemberStackInputs {
  const where = `platform stack ${platformStack}, output ${MEMBER_INPUTS_OUTPUT}`;
  if (value === undefined || value === null) {
    throw new Error(
      `${where} is missing: deploy the platform stack first (npm run fleet -- up --stack <env> --only platform)`,
    );
  }
  if (typeof value !== "object") throw new Error(`${where} is not an object`);
  const v = value as Record<string, unknown>;
  const text = (key: string): string => {
    if (typeof v[key] !== "string" || v[key] === "") {
      throw new Error(`${where}: ${key} must be a non-empty string, got ${JSON.stringify(v[key])}`);
    }
    return v[key] as string;
  };
  const byRegion = (key: string): Record<string, string> => {
    const m = v[key];
    if (m === null || typeof m !== "object" || Array.isArray(m)) {
      throw new Error(`${where}: ${key} must map Regions to strings, got ${JSON.stringify(m)}`);
    }
    for (const [region, s] of Object.entries(m)) {
      if (typeof s !== "string" || s === "") {
        throw new Error(`${where}: ${key}.${region} must be a non-empty string`);
      }
    }
    return m as Record<string, string>;
  };
  return {
    archiveBucketArn: text("archiveBucketArn"),
    destinationArns: byRegion("destinationArns"),
    redshiftAuditBuckets: byRegion("redshiftAuditBuckets"),
  };
}

/** What a member stack declares. */
export interface MemberStack {
  provider: aws.Provider;
  baseline: MemberBaseline;
  redshift: RedshiftAudit[];
}

/**
 * Declares one member account's stack: its one provider, its baseline and the audit logging of
 * its configured Redshift clusters, pointed at what the platform stack exports. The config is
 * a member stack's: `stack.kind` is `member` and `members` lists this account only.
 * @throws Error when the config is not a member stack's.
 */
export function buildMemberStack(
  config: PlatformConfig,
  platform: pulumi.Output<MemberStackInputs>,
): MemberStack {
  if (config.stack.kind !== "member" || config.members.length !== 1) {
    throw new Error(
      "buildMemberStack needs a member stack config (stack.kind: member, one member)",
    );
  }
  const member = config.members[0];
  const naming = new PlatformNaming(config.namePrefix, config.environment);
  const partition = partitionOf(member.regions[0]);
  const tags = baseTags(config.environment);
  const provider = new aws.Provider(
    `${naming.stem}-member-${member.name}`,
    providerArgs(
      { key: `member-${member.name}`, id: member.id, roleName: member.roleName },
      member.regions[0],
      config.environment,
    ),
  );

  const baseline = new MemberBaseline(`member-${member.name}`, {
    provider,
    member,
    partition,
    naming,
    tags,
    archiveBucketArn: platform.archiveBucketArn,
    destinationArns: platform.destinationArns,
    senderRoleName: centralizationNames(naming).senderRole,
  });

  const redshift = config.redshiftAudit.clusters.map(
    (cluster) =>
      new RedshiftAudit(
        `redshift-${cluster.member}-${cluster.region}-${cluster.clusterIdentifier}`,
        {
          provider,
          region: cluster.region,
          target: { kind: "existing-cluster", clusterIdentifier: cluster.clusterIdentifier },
          destination:
            cluster.destination === "s3"
              ? {
                  kind: "s3",
                  bucketName: platform.redshiftAuditBuckets.apply((b) =>
                    regionalBucket(b, cluster.region),
                  ),
                }
              : { kind: "cloudwatch", retentionDays: config.retention.cloudWatchDays },
          tags: logDataTags(config.environment),
        },
      ),
  );
  return { provider, baseline, redshift };
}

function regionalBucket(buckets: Readonly<Record<string, string>>, region: string): string {
  const name = buckets[region];
  if (name === undefined) {
    throw new Error(
      `the platform stack has no Redshift audit bucket in ${region} (it has: ${Object.keys(buckets).join(", ")})`,
    );
  }
  return name;
}
