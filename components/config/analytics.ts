import { z } from "zod";
import { Problem, roleName, show, wholeNumber } from "./values";

/**
 * The `analytics` config section: network, EMR processing, Glue/Athena and OpenSearch settings
 * of the audit account. The config index mounts it; this module defines and checks it.
 */

/** The log sources the Spark job parses (spark/logparse/sources SOURCES, same order). */
export const LOG_SOURCES = [
  "cloudtrail",
  "vpcflow",
  "alb",
  "s3access",
  "redshift",
  "emr",
  "cloudwatch",
] as const;
/** One of {@link LOG_SOURCES}. */
export type LogSource = (typeof LOG_SOURCES)[number];

/** One field of an EventBridge Scheduler cron expression and what it accepts. */
interface CronField {
  name: string;
  min: number;
  max: number;
  /** Names accepted for values (JAN = 1, SUN = 1), upper case. */
  names?: readonly string[];
  /** Special forms allowed in the field. */
  special: ReadonlyArray<"?" | "L" | "W" | "#">;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59, special: [] },
  { name: "hours", min: 0, max: 23, special: [] },
  { name: "day-of-month", min: 1, max: 31, special: ["?", "L", "W"] },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    special: [],
  },
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    special: ["?", "L", "#"],
  },
  { name: "year", min: 1970, max: 2199, special: [] },
];

/** The number a field value stands for, or undefined when it is neither a number nor a name. */
function cronValue(text: string, f: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const named = f.names?.indexOf(text.toUpperCase()) ?? -1;
  return named >= 0 ? named + f.min : undefined;
}

/** What is wrong with one comma-separated item of a field, or undefined. */
function cronItemProblem(item: string, f: CronField): string | undefined {
  const range = `${f.min}-${f.max}`;
  const check = (text: string): string | undefined => {
    const v = cronValue(text, f);
    if (v === undefined) {
      return `${f.name} ${show(item)} is not a value, range, list or step${f.names ? ` (values: ${range} or ${f.names[0]}-${f.names[f.names.length - 1]})` : ` (values: ${range})`}`;
    }
    return v < f.min || v > f.max ? `${f.name} ${show(item)} is outside ${range}` : undefined;
  };
  if (item === "*") return undefined;
  if (item === "?") {
    return f.special.includes("?") ? undefined : `${f.name} cannot be ?`;
  }
  if (f.special.includes("L") && (item === "L" || (f.special.includes("W") && item === "LW"))) {
    return undefined;
  }
  if (f.special.includes("W") && /^\d+W$/.test(item)) return check(item.slice(0, -1));
  if (f.special.includes("L") && f.special.includes("#") && /^\w+L$/.test(item)) {
    return check(item.slice(0, -1));
  }
  const nth = /^(\w+)#(\d+)$/.exec(item);
  if (f.special.includes("#") && nth) {
    return (
      check(nth[1]) ??
      (Number(nth[2]) >= 1 && Number(nth[2]) <= 5
        ? undefined
        : `${f.name} ${show(item)} names occurrence ${nth[2]}; a weekday occurs 1-5 times a month`)
    );
  }
  const m = /^(\*|\w+)(?:-(\w+))?(?:\/(\d+))?$/.exec(item);
  if (!m || (m[1] === "*" && m[2] !== undefined)) {
    return `${f.name} ${show(item)} is not a value, range, list or step`;
  }
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > f.max)) {
    return `${f.name} ${show(item)} steps by ${m[3]}; a step is 1-${f.max}`;
  }
  return (m[1] === "*" ? undefined : check(m[1])) ?? (m[2] === undefined ? undefined : check(m[2]));
}

/**
 * EventBridge Scheduler cron: `cron(minutes hours day-of-month month day-of-week year)`, one of
 * day-of-month / day-of-week being `?`, each field within its range (minutes 0-59, hours 0-23,
 * day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT, year 1970-2199).
 */
export function cronProblem(expression: string): string | undefined {
  const m = /^cron\((.+)\)$/.exec(expression);
  if (!m) return "is not a cron(...) expression";
  const fields = m[1].trim().split(/\s+/);
  if (fields.length !== 6) {
    return `has ${fields.length} fields; EventBridge Scheduler cron takes 6 (minutes hours day-of-month month day-of-week year)`;
  }
  if ((fields[2] === "?") === (fields[4] === "?")) {
    return "must set exactly one of day-of-month and day-of-week to ?";
  }
  const problems = fields.flatMap((text, i) => {
    const items = text.split(",");
    if (items.length > 1 && items.includes("?"))
      return [`${CRON_FIELDS[i].name} mixes ? into a list`];
    return items.flatMap((item) => cronItemProblem(item, CRON_FIELDS[i]) ?? []);
  });
  return problems.length > 0 ? `is invalid: ${problems.join("; ")}` : undefined;
}

const cron = z.string().superRefine((v, ctx) => {
  const problem = cronProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: `${show(v)} ${problem}`, input: v });
});

const instanceType = (suffix: "" | ".search") =>
  z
    .string()
    .refine(
      (v) => new RegExp(`^[a-z][a-z0-9-]*\\.[a-z0-9]+${suffix.replace(".", "\\.")}$`).test(v),
      {
        error: (iss) =>
          `${show(iss.input)} is not an ${suffix ? "OpenSearch" : "EC2"} instance type (like ${suffix ? "r7g.large.search" : "m7g.xlarge"})`,
      },
    );

const cidrBlock = z.string().refine(
  (v) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
    if (!m) return false;
    const octets = m.slice(1, 5).map(Number);
    const bits = Number(m[5]);
    return octets.every((o) => o <= 255) && bits >= 16 && bits <= 24;
  },
  { error: (iss) => `${show(iss.input)} is not an IPv4 CIDR block from /16 to /24` },
);

/** When each source's daily run starts (UTC): after the previous day's logs have landed. */
export const DEFAULT_SCHEDULES: Readonly<Record<LogSource, string>> = {
  cloudtrail: "cron(30 1 * * ? *)",
  vpcflow: "cron(45 1 * * ? *)",
  alb: "cron(0 2 * * ? *)",
  s3access: "cron(15 2 * * ? *)",
  redshift: "cron(30 2 * * ? *)",
  emr: "cron(45 2 * * ? *)",
  cloudwatch: "cron(0 3 * * ? *)",
};

const networkSection = z.strictObject({
  /** VPC CIDR block (/16 to /24). */
  cidr: cidrBlock.default("10.64.0.0/16"),
  /** Availability zones with a private subnet each (2 or 3). */
  availabilityZones: wholeNumber("availability zones", 2, 3).default(2),
});

const emrSection = z.strictObject({
  /** `persistent`: one long-running cluster gets the steps; `transient`: a cluster per run. */
  mode: z.enum(["persistent", "transient"]).default("transient"),
  releaseLabel: z
    .string()
    .refine((v) => /^emr-7\.\d+\.\d+$/.test(v), {
      error: (iss) =>
        `${show(iss.input)} is not an EMR 7.x release label (like emr-7.13.0; the job needs Spark 3.5)`,
    })
    .default("emr-7.13.0"),
  primaryInstanceType: instanceType("").default("m7g.xlarge"),
  coreInstanceType: instanceType("").default("m7g.xlarge"),
  /** Core nodes at start; managed scaling moves between this and maxCapacityUnits. */
  coreInstanceCount: wholeNumber("instances", 1, 100).default(2),
  /** Managed scaling ceiling in instances (primary included). */
  maxCapacityUnits: wholeNumber("instances", 2, 200).default(6),
  /** gp3 EBS volume per node, GiB. */
  ebsVolumeGiB: wholeNumber("GiB", 32, 4096).default(64),
  /** Auto-termination after this many idle minutes (EMR allows 1 minute to 7 days). */
  idleTimeoutMinutes: wholeNumber("minutes", 1, 10080).default(60),
  /** The job fails (and alarms) when more than this share of a source's records is rejected. */
  maxRejectRatio: z
    .number()
    .refine((v) => v >= 0 && v <= 1, {
      error: (iss) => `${show(iss.input)} is not a ratio between 0 and 1`,
    })
    .default(0.01),
  /** Daily schedule per source (EventBridge Scheduler cron, UTC); an absent source is not scheduled. */
  schedules: z.partialRecord(z.enum(LOG_SOURCES), cron).default({ ...DEFAULT_SCHEDULES }),
});

const athenaSection = z.strictObject({
  /** Queries stop after scanning this many bytes (Athena's minimum is 10 MB). */
  bytesScannedCutoffPerQuery: wholeNumber("bytes", 10_485_760, Number.MAX_SAFE_INTEGER).default(
    10 * 1024 ** 3,
  ),
  /** Days query results are kept. */
  resultRetentionDays: wholeNumber("days", 1, 3650).default(30),
});

const searchSection = z.strictObject({
  engineVersion: z
    .string()
    .refine((v) => /^OpenSearch_\d+\.\d+$/.test(v), {
      error: (iss) =>
        `${show(iss.input)} is not an OpenSearch engine version (like OpenSearch_2.19)`,
    })
    .default("OpenSearch_2.19"),
  instanceType: instanceType(".search").default("r7g.large.search"),
  instanceCount: wholeNumber("data nodes", 1, 80).default(1),
  /** Spread data nodes (and their replicas) over the network's availability zones. */
  zoneAwareness: z.boolean().default(false),
  /** Dedicated cluster-manager nodes: 0 (none) or 3. */
  dedicatedMasterCount: z
    .union([z.literal(0), z.literal(3)], {
      error: (iss) => `${show(iss.input)} is not 0 or 3 dedicated cluster-manager nodes`,
    })
    .default(0),
  dedicatedMasterType: instanceType(".search").default("m7g.large.search"),
  /** gp3 EBS volume per data node, GiB. */
  volumeGiB: wholeNumber("GiB", 10, 16384).default(100),
  /** Days of hot-subset events the Spark job indexes (older days stay in Athena only). */
  hotDays: wholeNumber("days", 1, 90).default(14),
  /**
   * Roles of the audit account (exact names) that may assume the domain's fine-grained-access
   * master role; nobody else can. Default: security-search-admin.
   */
  adminRoleNames: z.array(roleName).min(1).default(["security-search-admin"]),
});

/** The `analytics` section. */
export const analyticsSection = z.strictObject({
  /**
   * Prefix of the IAM roles that read the archive (EMR nodes, OpenSearch master); it must match
   * one of `accounts.audit.readerRoleNames`, which the archive bucket and key trust.
   */
  roleNamePrefix: z
    .string()
    .refine((v) => /^[\w+=,.@-]{1,32}$/.test(v), {
      error: (iss) =>
        `${show(iss.input)} is not an IAM role name prefix (1-32 of letters, digits, +=,.@_-)`,
    })
    .default("log-analytics-"),
  network: networkSection.prefault({}),
  emr: emrSection.prefault({}),
  athena: athenaSection.prefault({}),
  search: searchSection.prefault({}),
});

/** The validated `analytics` section. */
export type AnalyticsConfig = z.infer<typeof analyticsSection>;

/** A persistent cluster idles up to a day between runs; a shorter idle timeout would end it. */
export const PERSISTENT_MIN_IDLE_MINUTES = 1440;

/** Whether an IAM role name matches a name-or-`*`-pattern (as `aws:PrincipalArn` ArnLike does). */
export function roleNameMatches(pattern: string, name: string): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\=,@]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`).test(name);
}

/**
 * Problems only visible across fields, as (path below `analytics`, message) pairs.
 * @param readerRoleNames `accounts.audit.readerRoleNames`, which the archive trusts.
 */
export function analyticsProblems(
  a: AnalyticsConfig,
  readerRoleNames: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  const sample = `${a.roleNamePrefix}emr-instance`;
  if (!readerRoleNames.some((p) => roleNameMatches(p, sample))) {
    problems.push([
      "roleNamePrefix",
      `${show(a.roleNamePrefix)} names roles (like ${show(sample)}) that match none of ` +
        `accounts.audit.readerRoleNames (${readerRoleNames.join(", ")}), so they could not read the archive`,
    ]);
  }
  if (a.emr.coreInstanceCount + 1 > a.emr.maxCapacityUnits) {
    problems.push([
      "emr.maxCapacityUnits",
      `${show(a.emr.maxCapacityUnits)} is below the primary node plus emr.coreInstanceCount (${a.emr.coreInstanceCount + 1})`,
    ]);
  }
  if (a.emr.mode === "persistent" && a.emr.idleTimeoutMinutes < PERSISTENT_MIN_IDLE_MINUTES) {
    problems.push([
      "emr.idleTimeoutMinutes",
      `${show(a.emr.idleTimeoutMinutes)} would let the persistent cluster terminate between two daily runs: ` +
        `use at least ${PERSISTENT_MIN_IDLE_MINUTES} minutes (a day) in persistent mode`,
    ]);
  }
  const s = a.search;
  s.adminRoleNames.forEach((name, i) => {
    if (name.startsWith(a.roleNamePrefix)) {
      problems.push([
        `search.adminRoleNames[${i}]`,
        `${show(name)} starts with roleNamePrefix ${show(a.roleNamePrefix)}, which names the platform's own ` +
          "analytics roles (EMR nodes, the master role itself): name a role people assume to administer the domain",
      ]);
    }
  });
  if (s.zoneAwareness) {
    if (s.instanceCount % a.network.availabilityZones !== 0) {
      problems.push([
        "search.instanceCount",
        `${show(s.instanceCount)} data nodes cannot be spread evenly over ${a.network.availabilityZones} availability zones (search.zoneAwareness is on)`,
      ]);
    }
  } else if (s.instanceCount > 1 && s.dedicatedMasterCount > 0) {
    problems.push([
      "search.zoneAwareness",
      "must be true when the domain has several data nodes and dedicated cluster-manager nodes: a production domain should survive the loss of a zone",
    ]);
  }
  return problems;
}
