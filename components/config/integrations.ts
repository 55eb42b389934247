import { z } from "zod";
import { Problem, accountId, memberName, region, roleName, show } from "./values";

/**
 * The integrations' config sections: the member accounts (the registry onboarding edits) and
 * the Redshift clusters whose audit logging the platform turns on.
 */

const vpcId = z.string().refine((v) => /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v), {
  error: (iss) => `${show(iss.input)} is not a VPC id (vpc- and 8 or 17 hex digits)`,
});

const memberSection = z.strictObject({
  id: accountId,
  name: memberName,
  regions: z.array(region).min(1),
  roleName: roleName.default("OrganizationAccountAccessRole"),
  /** VPCs that get flow logs, per member Region (every Region of the member; `[]` for none). */
  vpcIds: z.record(z.string(), z.array(vpcId)).optional(),
  /** Find the member's VPCs at deployment (default: true when vpcIds is absent). */
  discoverVpcs: z.boolean().optional(),
});

const redshiftClusterSection = z.strictObject({
  /** Name of the member account that owns the cluster. */
  member: memberName,
  region,
  /** Identifier of an existing provisioned cluster. */
  clusterIdentifier: z
    .string()
    .refine((v) => /^[a-z][a-z0-9-]{0,62}$/.test(v) && !/--|-$/.test(v), {
      error: (iss) =>
        `${show(iss.input)} is not a Redshift cluster identifier (1-63 of a-z, 0-9, -; starting with a letter, no -- or trailing -)`,
    }),
  /** Where the audit logs go: the log-archive Redshift bucket of the Region, or CloudWatch Logs. */
  destination: z.enum(["s3", "cloudwatch"]).default("s3"),
});

const redshiftAuditSection = z.strictObject({
  /** Existing clusters whose audit logging the platform turns on (default: none, audit logging off). */
  clusters: z.array(redshiftClusterSection).default([]),
});

/** The integrations' top-level keys of the namespace. */
export const integrationSections = {
  members: z.array(memberSection).default([]),
  redshiftAudit: redshiftAuditSection.prefault({}),
};

/** The validated integration sections. */
export type IntegrationSettings = z.infer<z.ZodObject<typeof integrationSections>>;
/** One member account. */
export type MemberAccountConfig = IntegrationSettings["members"][number];
/** One Redshift cluster whose audit logging the platform manages. */
export type RedshiftClusterConfig = IntegrationSettings["redshiftAudit"]["clusters"][number];

/** What the member checks need from the foundation's sections. */
export interface MemberCheckContext {
  /** `regions.governed`. */
  governedRegions: readonly string[];
  /** The core accounts as (config path, id). */
  coreAccounts: ReadonlyArray<[path: string, id: string]>;
}

/**
 * Members that reuse a core account, an id or a name; member Regions outside the governed ones;
 * VPC lists that do not match the member's Regions; Redshift clusters of unknown members or
 * Regions, or listed twice.
 */
export function integrationProblems(c: IntegrationSettings, ctx: MemberCheckContext): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push([path, message]);
  const governed = new Set(ctx.governedRegions);
  const coreById = new Map<string, string>();
  for (const [path, id] of ctx.coreAccounts) if (!coreById.has(id)) coreById.set(id, path);

  const memberIds = new Map<string, number>();
  const memberNames = new Map<string, number>();
  c.members.forEach((m, i) => {
    const coreUse = coreById.get(m.id);
    if (coreUse !== undefined)
      add(`members[${i}].id`, `${show(m.id)} is the account of ${coreUse}, not a member`);
    const sameId = memberIds.get(m.id);
    if (sameId !== undefined)
      add(`members[${i}].id`, `${show(m.id)} is already members[${sameId}]`);
    else memberIds.set(m.id, i);
    const sameName = memberNames.get(m.name);
    if (sameName !== undefined)
      add(`members[${i}].name`, `${show(m.name)} is already members[${sameName}]`);
    else memberNames.set(m.name, i);
    m.regions.forEach((r, j) => {
      if (!governed.has(r)) {
        add(
          `members[${i}].regions[${j}]`,
          `${show(r)} is not in regions.governed (${ctx.governedRegions.join(", ")})`,
        );
      }
    });
    if (m.vpcIds !== undefined) {
      for (const r of Object.keys(m.vpcIds)) {
        if (!m.regions.includes(r)) {
          add(
            `members[${i}].vpcIds.${r}`,
            `${show(r)} is not one of the member's regions (${m.regions.join(", ")})`,
          );
        }
      }
      for (const r of m.regions) {
        if (m.vpcIds[r] === undefined) {
          add(
            `members[${i}].vpcIds`,
            `lists no VPCs for ${show(r)}: give every member region a list (an empty list for none)`,
          );
        }
      }
      if (m.discoverVpcs === true) {
        add(
          `members[${i}].discoverVpcs`,
          "must not be true when vpcIds is set: list the VPCs or discover them, not both",
        );
      }
    }
  });

  c.redshiftAudit.clusters.forEach((rc, i) => {
    const member = c.members.find((m) => m.name === rc.member);
    if (member === undefined) {
      add(
        `redshiftAudit.clusters[${i}].member`,
        `${show(rc.member)} is not a member name (members: ${c.members.map((m) => m.name).join(", ") || "none"})`,
      );
    } else if (!member.regions.includes(rc.region)) {
      add(
        `redshiftAudit.clusters[${i}].region`,
        `${show(rc.region)} is not one of ${rc.member}'s regions (${member.regions.join(", ")})`,
      );
    }
    const same = c.redshiftAudit.clusters.findIndex(
      (o) =>
        o.member === rc.member &&
        o.region === rc.region &&
        o.clusterIdentifier === rc.clusterIdentifier,
    );
    if (same !== i) {
      add(
        `redshiftAudit.clusters[${i}].clusterIdentifier`,
        `${show(rc.clusterIdentifier)} is already redshiftAudit.clusters[${same}]`,
      );
    }
  });
  return problems;
}
