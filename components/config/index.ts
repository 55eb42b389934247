import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { analyticsProblems, analyticsSection } from "./analytics";
import { ACCESS_LOG_ARCHIVE, LOG_ARCHIVE_CLASSES, transitionProblem } from "../core/storageClasses";

/** The config namespace: the project name in Pulumi.yaml. */
export const CONFIG_NAMESPACE = "logging-platform";

/** A stack config that cannot build a platform. Thrown before any resource is declared. */
export class ConfigValidationError extends Error {
  override readonly name = "ConfigValidationError";
  /** One line per problem, each `logging-platform:<path>: <what is wrong>`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${p}`).join("\n"),
    );
    this.problems = problems;
  }
}

/** The values of Pulumi.yaml's defaults that stand for "you must set this". */
export const PLACEHOLDER_ACCOUNT_ID = "000000000000";
export const PLACEHOLDER_ORGANIZATION_ID = "o-0000000000";

/** CloudWatch Logs retention settings of at least a year (the platform's minimum for log groups). */
export const CLOUDWATCH_RETENTION_DAYS = [
  365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The archive lock the controls expect; anything weaker needs `retention.objectLock.waiverReason`. */
export const ARCHIVE_LOCK_BASELINE = { mode: "COMPLIANCE", days: 365 } as const;

/** CloudTrail Lake billing modes and the longest retention each allows. */
export const EVENT_DATA_STORE_MAX_RETENTION = {
  EXTENDABLE_RETENTION_PRICING: 3653,
  FIXED_RETENTION_PRICING: 2557,
} as const;

const show = (v: unknown): string => (v === undefined ? "undefined" : JSON.stringify(v));

const accountId = z.string().refine((v) => /^\d{12}$/.test(v), {
  error: (iss) => `${show(iss.input)} is not a 12-digit AWS account id`,
});

/** IAM role names; `*` is allowed only where a field says it takes patterns. */
const roleName = z.string().refine((v) => /^[\w+=,.@-]{1,64}$/.test(v), {
  error: (iss) => `${show(iss.input)} is not an IAM role name (1-64 of letters, digits, +=,.@_-)`,
});
const roleNamePattern = z.string().refine((v) => /^[\w+=,.@*-]{1,64}$/.test(v), {
  error: (iss) =>
    `${show(iss.input)} is not an IAM role name or pattern (1-64 of letters, digits, +=,.@_-*)`,
});

const region = z.string().refine((v) => /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(v), {
  error: (iss) => `${show(iss.input)} is not an AWS region name (like eu-west-1)`,
});

const wholeDays = (min: number, max: number) =>
  z
    .number()
    .int()
    .refine((v) => v >= min && v <= max, {
      error: (iss) => `${show(iss.input)} is outside ${min}..${max} days`,
    });

const email = z.string().refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
  error: (iss) => `${show(iss.input)} is not an email address`,
});

const coreAccount = (defaultRole: string) =>
  z.strictObject({
    /** The account id. */
    id: accountId,
    /** The role the deployment assumes in the account. */
    roleName: roleName.default(defaultRole),
  });

const organizationSection = z.strictObject({
  id: z.string().refine((v) => /^o-[a-z0-9]{10,32}$/.test(v), {
    error: (iss) => `${show(iss.input)} is not an AWS Organizations id (o- and 10-32 of a-z0-9)`,
  }),
  managementAccount: coreAccount("OrganizationAccountAccessRole"),
});

const accountsSection = z.strictObject({
  logArchive: z.strictObject({
    id: accountId,
    roleName: roleName.default("OrganizationAccountAccessRole"),
    /** The only role that may delete archived logs or change the archive's guardrails. */
    breakGlassRoleName: roleName.default("LogArchiveBreakGlass"),
  }),
  audit: z.strictObject({
    id: accountId,
    roleName: roleName.default("OrganizationAccountAccessRole"),
    /** Roles (names or `*` patterns) in the audit account that may read and decrypt logs. */
    readerRoleNames: z.array(roleNamePattern).min(1).default(["log-analytics-*"]),
  }),
});

const vpcId = z.string().refine((v) => /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v), {
  error: (iss) => `${show(iss.input)} is not a VPC id (vpc- and 8 or 17 hex digits)`,
});

const memberName = z.string().refine((v) => /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/.test(v), {
  error: (iss) =>
    `${show(iss.input)} is not a member name (2-32 of lowercase letters, digits, -; starting with a letter)`,
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

const regionsSection = z.strictObject({
  home: region,
  governed: z.array(region).min(1),
});

const retentionSection = z.strictObject({
  archiveDays: wholeDays(1, 36500).default(365),
  hotDays: wholeDays(0, 36500).default(90),
  archiveStorageClass: z.enum(LOG_ARCHIVE_CLASSES).default("GLACIER_IR"),
  noncurrentDays: wholeDays(1, 3650).default(30),
  accessLogDays: wholeDays(1, 36500).default(365),
  objectLock: z
    .strictObject({
      mode: z.enum(["GOVERNANCE", "COMPLIANCE"]).default("GOVERNANCE"),
      days: wholeDays(1, 36500).default(365),
      /** Why this environment may keep a weaker lock than the baseline (tags the waiver on the bucket). */
      waiverReason: z.string().min(1).optional(),
    })
    .prefault({}),
  cloudWatchDays: z
    .number()
    .refine((v) => (CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(v), {
      error: (iss) =>
        `${show(iss.input)} is not a CloudWatch Logs retention of at least 365 days (allowed: ${CLOUDWATCH_RETENTION_DAYS.join(", ")})`,
    })
    .default(365),
});

const featuresSection = z.strictObject({
  cloudTrailLake: z.boolean().default(false),
  dataEvents: z.boolean().default(false),
  insights: z.boolean().default(false),
});

const cloudTrailLakeSection = z.strictObject({
  retentionDays: wholeDays(7, 3653).default(365),
  billingMode: z
    .enum(["EXTENDABLE_RETENTION_PRICING", "FIXED_RETENTION_PRICING"])
    .default("EXTENDABLE_RETENTION_PRICING"),
  terminationProtection: z.boolean().default(true),
});

/**
 * Every top-level key of the `logging-platform` namespace. Each capability owns one section;
 * a new capability adds its section here (with defaults) and its entry in Pulumi.yaml.
 */
const platformSections = {
  environment: z
    .string()
    .refine((v) => /^[a-z][a-z0-9]{1,7}$/.test(v), {
      error: (iss) =>
        `${show(iss.input)} is not an environment name (2-8 lowercase letters or digits, like dev or prod)`,
    })
    .default("dev"),
  namePrefix: z
    .string()
    .refine((v) => /^[a-z][a-z0-9-]{0,10}[a-z0-9]$/.test(v), {
      error: (iss) =>
        `${show(iss.input)} is not a name prefix (2-12 lowercase letters, digits or -, used in S3 bucket names)`,
    })
    .default("logplat"),
  organization: organizationSection,
  accounts: accountsSection,
  members: z.array(memberSection).default([]),
  regions: regionsSection,
  retention: retentionSection.prefault({}),
  alarmEmails: z.array(email).min(1),
  features: featuresSection.prefault({}),
  cloudTrailLake: cloudTrailLakeSection.prefault({}),
  redshiftAudit: redshiftAuditSection.prefault({}),
  protectResources: z.boolean().default(true),
  analytics: analyticsSection.prefault({}),
};

const platformSchema = z.strictObject(platformSections);

/** The top-level keys of the namespace (each must be declared in Pulumi.yaml). */
export const PLATFORM_CONFIG_KEYS: readonly string[] = Object.keys(platformSections);

/** The validated stack configuration. */
export type PlatformConfig = z.infer<typeof platformSchema>;
/** One member account. */
export type MemberAccountConfig = PlatformConfig["members"][number];
/** The retention section. */
export type RetentionConfig = PlatformConfig["retention"];
/** The analytics section (network, EMR, Glue/Athena, OpenSearch of the audit account). */
export type AnalyticsConfig = PlatformConfig["analytics"];
/** One Redshift cluster whose audit logging the platform manages. */
export type RedshiftClusterConfig = PlatformConfig["redshiftAudit"]["clusters"][number];

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${show(v)}`;
}

function shapeKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } })?._zod?.def
    ?.shape;
  return shape ? Object.keys(shape) : [];
}

/** Messages for zod's built-in checks, naming the bad value and what is allowed. */
const errorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return `is required (${iss.expected})`;
      if (iss.expected === "string" && typeof iss.input === "number") {
        return `${show(iss.input)} must be a string: quote it in YAML`;
      }
      return `expected ${iss.expected}, got ${describeType(iss.input)}`;
    case "invalid_value":
      return `${show(iss.input)} is not one of ${iss.values.map((v) => show(v)).join(", ")}`;
    case "too_small":
      return iss.origin === "array"
        ? `must list at least ${String(iss.minimum)} item${Number(iss.minimum) === 1 ? "" : "s"}`
        : `${show(iss.input)} is below the minimum ${String(iss.minimum)}`;
    case "too_big":
      return `${show(iss.input)} is above the maximum ${String(iss.maximum)}`;
    case "unrecognized_keys":
      return `unknown key${iss.keys.length === 1 ? "" : "s"} ${iss.keys.map((k) => show(k)).join(", ")} (allowed: ${shapeKeys(iss.inst).join(", ")})`;
    default:
      return undefined;
  }
};

/** Problems only visible across fields: membership, uniqueness, lifecycle arithmetic. */
function crossFieldProblems(c: PlatformConfig): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const add = (path: string, message: string) => problems.push([path, message]);

  if (c.organization.id === PLACEHOLDER_ORGANIZATION_ID) {
    add(
      "organization.id",
      `${show(c.organization.id)} is the Pulumi.yaml placeholder; set your organization id`,
    );
  }
  const core: Array<[string, string]> = [
    ["organization.managementAccount.id", c.organization.managementAccount.id],
    ["accounts.logArchive.id", c.accounts.logArchive.id],
    ["accounts.audit.id", c.accounts.audit.id],
  ];
  for (const [path, id] of core) {
    if (id === PLACEHOLDER_ACCOUNT_ID)
      add(path, `${show(id)} is the Pulumi.yaml placeholder; set the real account id`);
  }
  const coreById = new Map<string, string>();
  for (const [path, id] of core) {
    const earlier = coreById.get(id);
    if (earlier !== undefined)
      add(path, `${show(id)} is already used by ${earlier}; core accounts must differ`);
    else coreById.set(id, path);
  }

  const governed = new Set(c.regions.governed);
  if (!governed.has(c.regions.home)) {
    add(
      "regions.home",
      `${show(c.regions.home)} is not in regions.governed (${c.regions.governed.join(", ")})`,
    );
  }
  c.regions.governed.forEach((r, i) => {
    if (c.regions.governed.indexOf(r) !== i)
      add(`regions.governed[${i}]`, `${show(r)} is listed twice`);
  });

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
          `${show(r)} is not in regions.governed (${c.regions.governed.join(", ")})`,
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

  const r = c.retention;
  const lifecycle = transitionProblem(r.archiveStorageClass, r.hotDays, r.archiveDays);
  if (lifecycle) add("retention.hotDays", `${show(r.hotDays)}: ${lifecycle}`);
  const accessLogs = transitionProblem(
    ACCESS_LOG_ARCHIVE.storageClass,
    ACCESS_LOG_ARCHIVE.transitionDays,
    r.accessLogDays,
  );
  if (accessLogs) add("retention.accessLogDays", `${show(r.accessLogDays)}: ${accessLogs}`);
  if (r.objectLock.days > r.archiveDays) {
    add(
      "retention.objectLock.days",
      `${show(r.objectLock.days)} exceeds retention.archiveDays (${r.archiveDays}): locked logs would outlive their expiry`,
    );
  }

  const lock = r.objectLock;
  const weaker = lock.mode !== ARCHIVE_LOCK_BASELINE.mode || lock.days < ARCHIVE_LOCK_BASELINE.days;
  if (weaker && lock.waiverReason === undefined) {
    add(
      "retention.objectLock.waiverReason",
      `is required when the archive lock (${lock.mode}, ${lock.days} days) is weaker than ` +
        `${ARCHIVE_LOCK_BASELINE.mode} for ${ARCHIVE_LOCK_BASELINE.days} days: say why this environment may lose logs early`,
    );
  }
  if (!weaker && lock.waiverReason !== undefined) {
    add(
      "retention.objectLock.waiverReason",
      `must be absent: the lock (${lock.mode}, ${lock.days} days) needs no waiver`,
    );
  }

  const maxLake = EVENT_DATA_STORE_MAX_RETENTION[c.cloudTrailLake.billingMode];
  if (c.cloudTrailLake.retentionDays > maxLake) {
    add(
      "cloudTrailLake.retentionDays",
      `${show(c.cloudTrailLake.retentionDays)} exceeds the ${maxLake}-day maximum of ${c.cloudTrailLake.billingMode}`,
    );
  }
  for (const [path, message] of analyticsProblems(c.analytics, c.accounts.audit.readerRoleNames)) {
    add(`analytics.${path}`, message);
  }
  return problems;
}

/**
 * Validates a raw config map (top-level key without namespace → decoded value) and returns
 * the typed config. Pure: no Pulumi runtime needed, so tests and CLIs can call it.
 * @throws ConfigValidationError naming every bad key, its value and what is allowed.
 */
export function parsePlatformConfig(raw: Record<string, unknown>): PlatformConfig {
  const result = platformSchema.safeParse(raw, { error: errorMap, reportInput: true });
  if (!result.success) {
    const problems = result.error.issues.flatMap((iss) => {
      if (iss.code === "unrecognized_keys") {
        return iss.keys.map(
          (k) => `${CONFIG_NAMESPACE}:${formatPath([...iss.path, k])}: ${iss.message}`,
        );
      }
      return [`${CONFIG_NAMESPACE}:${formatPath(iss.path)}: ${iss.message}`];
    });
    throw new ConfigValidationError(problems);
  }
  const problems = crossFieldProblems(result.data);
  if (problems.length > 0) {
    throw new ConfigValidationError(problems.map(([p, m]) => `${CONFIG_NAMESPACE}:${p}: ${m}`));
  }
  return result.data;
}

/**
 * Decodes the runtime's flat config map (`namespace:key` → string, structured values
 * JSON-encoded) into this namespace's raw values.
 */
export function decodeRuntimeConfig(all: Record<string, string>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [qualified, text] of Object.entries(all)) {
    if (!qualified.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
    const key = qualified.slice(CONFIG_NAMESPACE.length + 1);
    const trimmed = text.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        raw[key] = JSON.parse(trimmed) as unknown;
      } catch (e) {
        problems.push(`${qualified}: not valid structured config (${(e as Error).message})`);
      }
    } else if (trimmed === "true" || trimmed === "false") {
      raw[key] = trimmed === "true";
    } else {
      raw[key] = text;
    }
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return raw;
}

/**
 * Reads and validates the stack's `logging-platform` config from the Pulumi runtime. The only
 * place in the program that reads configuration.
 */
export function loadPlatformConfig(): PlatformConfig {
  // Touching pulumi.Config makes the runtime load its config before allConfig() is read.
  new pulumi.Config(CONFIG_NAMESPACE);
  return parsePlatformConfig(decodeRuntimeConfig(pulumi.runtime.allConfig()));
}
