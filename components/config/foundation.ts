import { z } from "zod";
import { ACCESS_LOG_ARCHIVE, LOG_ARCHIVE_CLASSES, partitionOf, transitionProblem } from "../core";
import {
  Problem,
  accountId,
  email,
  organizationalUnitId,
  principalArn,
  region,
  roleName,
  roleNamePattern,
  show,
  wholeDays,
  wholeNumber,
} from "./values";
import { calendarDate, waiverProblems } from "./waivers";

/**
 * The foundation's config sections: environment and naming, the organization and its core
 * accounts, governed Regions, retention, alarm recipients, trail features and CloudTrail Lake.
 */

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

const coreAccount = (defaultRole: string) =>
  z.strictObject({
    /** The account id. */
    id: accountId,
    /** The role the deployment assumes in the account. */
    roleName: roleName.default(defaultRole),
  });

/** Who may deploy: the StackSet that creates the deployment role in every account of some OUs. */
const bootstrapSection = z.strictObject({
  /** OUs (or the root) whose accounts get the deployment role, including accounts added later. */
  organizationalUnitIds: z.array(organizationalUnitId).min(1),
  /** The principals that run `pulumi up` (role or user ARNs); the only ones the role trusts. */
  deployPrincipalArns: z.array(principalArn).min(1),
  /** Name of the deployment role the StackSet creates. */
  deployRoleName: roleName.default("PlatformDeploy"),
  /** `SELF` from the management account, `DELEGATED_ADMIN` from a StackSets delegated administrator. */
  callAs: z.enum(["SELF", "DELEGATED_ADMIN"]).default("SELF"),
});

const organizationSection = z.strictObject({
  id: z.string().refine((v) => /^o-[a-z0-9]{10,32}$/.test(v), {
    error: (iss) => `${show(iss.input)} is not an AWS Organizations id (o- and 10-32 of a-z0-9)`,
  }),
  managementAccount: coreAccount("OrganizationAccountAccessRole"),
  /** The deployment-role StackSet. Default: none (the roles come from elsewhere, e.g. Control Tower). */
  bootstrap: bootstrapSection.optional(),
});

const accountsSection = z.strictObject({
  logArchive: z.strictObject({
    id: accountId,
    roleName: roleName.default("OrganizationAccountAccessRole"),
    /** The only role that may delete archived logs or change the archive's guardrails. */
    breakGlassRoleName: roleName.default("LogArchiveBreakGlass"),
    /** Who may assume the break-glass role (with MFA, for at most an hour). */
    breakGlassPrincipalArns: z.array(principalArn).min(1),
    /** Hours without a new CloudTrail object in the archive before the freshness alarm fires. */
    archiveFreshnessHours: wholeNumber("hours", 1, 168).default(6),
  }),
  audit: z.strictObject({
    id: accountId,
    roleName: roleName.default("OrganizationAccountAccessRole"),
    /** Roles (names or `*` patterns) in the audit account that may read and decrypt logs. */
    readerRoleNames: z.array(roleNamePattern).min(1).default(["log-analytics-*"]),
  }),
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
      waiverReason: z.string().optional(),
      /** The last day (`YYYY-MM-DD`, UTC) the waiver holds; it must be in the future. */
      waiverExpires: calendarDate.optional(),
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

/** The foundation's top-level keys of the namespace. */
export const foundationSections = {
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
  regions: regionsSection,
  retention: retentionSection.prefault({}),
  alarmEmails: z.array(email).min(1),
  features: featuresSection.prefault({}),
  cloudTrailLake: cloudTrailLakeSection.prefault({}),
  protectResources: z.boolean().default(true),
};

/** The validated foundation sections. */
export type FoundationSettings = z.infer<z.ZodObject<typeof foundationSections>>;
/** The retention section. */
export type RetentionConfig = FoundationSettings["retention"];
/** The deployment-role StackSet section (`organization.bootstrap`). */
export type BootstrapConfig = NonNullable<FoundationSettings["organization"]["bootstrap"]>;

/** The three core accounts as (config path, account id), in the order problems name them. */
export function coreAccountIds(c: FoundationSettings): Array<[path: string, id: string]> {
  return [
    ["organization.managementAccount.id", c.organization.managementAccount.id],
    ["accounts.logArchive.id", c.accounts.logArchive.id],
    ["accounts.audit.id", c.accounts.audit.id],
  ];
}

/** Placeholders left in, core accounts that coincide, and a home Region that is not governed. */
export function identityProblems(c: FoundationSettings): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push([path, message]);

  if (c.organization.id === PLACEHOLDER_ORGANIZATION_ID) {
    add(
      "organization.id",
      `${show(c.organization.id)} is the Pulumi.yaml placeholder; set your organization id`,
    );
  }
  const core = coreAccountIds(c);
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

  const logArchive = c.accounts.logArchive;
  logArchive.breakGlassPrincipalArns.forEach((arn, i) => {
    if (arn.endsWith(`:${logArchive.id}:role/${logArchive.breakGlassRoleName}`)) {
      add(
        `accounts.logArchive.breakGlassPrincipalArns[${i}]`,
        `${show(arn)} is the break-glass role itself; name the people or roles who may assume it`,
      );
    }
  });
  const bootstrap = c.organization.bootstrap;
  bootstrap?.deployPrincipalArns.forEach((arn, i) => {
    if (arn.endsWith(`:role/${bootstrap.deployRoleName}`)) {
      add(
        `organization.bootstrap.deployPrincipalArns[${i}]`,
        `${show(arn)} is a deployment role (${bootstrap.deployRoleName}) itself; name the principal that assumes it`,
      );
    }
  });

  if (!c.regions.governed.includes(c.regions.home)) {
    add(
      "regions.home",
      `${show(c.regions.home)} is not in regions.governed (${c.regions.governed.join(", ")})`,
    );
  }
  c.regions.governed.forEach((r, i) => {
    if (c.regions.governed.indexOf(r) !== i)
      add(`regions.governed[${i}]`, `${show(r)} is listed twice`);
  });
  const homePartition = partitionOf(c.regions.home);
  c.regions.governed.forEach((r, i) => {
    const partition = partitionOf(r);
    if (partition !== homePartition) {
      add(
        `regions.governed[${i}]`,
        `${show(r)} is in the ${partition} partition but regions.home ${show(c.regions.home)} is in ` +
          `${homePartition}: a stack covers one partition (its accounts, roles and ARNs exist in one); ` +
          `deploy a stack per partition`,
      );
    }
  });
  return problems;
}

/**
 * Lifecycle arithmetic, the archive lock against its baseline (and its waiver), and CloudTrail
 * Lake's maximum.
 * @param today `YYYY-MM-DD` (UTC), against which a waiver's expiry is checked.
 */
export function retentionProblems(c: FoundationSettings, today: string): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push([path, message]);

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
  const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
  problems.push(
    ...waiverProblems(lock, {
      path: "retention.objectLock",
      weaker: lock.mode !== ARCHIVE_LOCK_BASELINE.mode || lock.days < ARCHIVE_LOCK_BASELINE.days,
      actual: `the archive lock ${lock.mode} for ${days(lock.days)}`,
      baseline: `${ARCHIVE_LOCK_BASELINE.mode} for ${days(ARCHIVE_LOCK_BASELINE.days)}`,
      environment: c.environment,
      today,
    }),
  );

  const maxLake = EVENT_DATA_STORE_MAX_RETENTION[c.cloudTrailLake.billingMode];
  if (c.cloudTrailLake.retentionDays > maxLake) {
    add(
      "cloudTrailLake.retentionDays",
      `${show(c.cloudTrailLake.retentionDays)} exceeds the ${maxLake}-day maximum of ${c.cloudTrailLake.billingMode}`,
    );
  }
  return problems;
}
