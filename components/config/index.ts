import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { analyticsProblems, analyticsSection } from "./analytics";
import { CONFIG_NAMESPACE, ConfigValidationError, errorMap, formatPath } from "./errors";
import {
  coreAccountIds,
  foundationSections as f,
  identityProblems,
  retentionProblems,
} from "./foundation";
import { integrationProblems, integrationSections as i } from "./integrations";
import { namespaceProblems } from "./namespaces";
import { StackKindConfig, stackProblems, stackSections } from "./stack";
import { Problem, show } from "./values";
import { todayUtc } from "./waivers";

export { CONFIG_NAMESPACE, ConfigValidationError } from "./errors";
export {
  ARCHIVE_LOCK_BASELINE,
  CLOUDWATCH_RETENTION_DAYS,
  EVENT_DATA_STORE_MAX_RETENTION,
  PLACEHOLDER_ACCOUNT_ID,
  PLACEHOLDER_ORGANIZATION_ID,
} from "./foundation";
export type { BootstrapConfig, RetentionConfig } from "./foundation";
export type { MemberAccountConfig, RedshiftClusterConfig } from "./integrations";
export type { FleetConfig, StackKindConfig } from "./stack";
export type { AnalyticsConfig, LogSource } from "./analytics";
export { CONFIG_NAMESPACES, namespaceProblems } from "./namespaces";
export {
  MAX_PRODUCTION_WAIVER_DAYS,
  MIN_REASON_CHARACTERS,
  PRODUCTION_ENVIRONMENT,
  calendarDateProblem,
  reasonProblem,
  todayUtc,
} from "./waivers";
export {
  DEFAULT_SCHEDULES,
  LOG_SOURCES,
  PERSISTENT_MIN_IDLE_MINUTES,
  cronProblem,
  roleNameMatches,
} from "./analytics";

/**
 * Every top-level key of the `logging-platform` namespace, in the order Pulumi.yaml declares
 * them. Each capability owns its sections (config/stack.ts, foundation.ts, integrations.ts,
 * analytics.ts); a new capability adds its section there (with defaults) and its entry in
 * Pulumi.yaml.
 */
const platformSections = {
  stack: stackSections.stack,
  environment: f.environment,
  namePrefix: f.namePrefix,
  organization: f.organization,
  accounts: f.accounts,
  members: i.members,
  regions: f.regions,
  retention: f.retention,
  alarmEmails: f.alarmEmails,
  features: f.features,
  cloudTrailLake: f.cloudTrailLake,
  redshiftAudit: i.redshiftAudit,
  protectResources: f.protectResources,
  analytics: analyticsSection.prefault({}),
  fleet: stackSections.fleet,
};

const platformSchema = z.strictObject(platformSections);

/**
 * The schema of the whole namespace, for tools that walk its key paths (the documentation
 * test); programs validate through {@link parsePlatformConfig}.
 */
export const PLATFORM_CONFIG_SCHEMA: z.ZodType<PlatformConfig> = platformSchema;

/** The top-level keys of the namespace (each must be declared in Pulumi.yaml). */
export const PLATFORM_CONFIG_KEYS: readonly string[] = Object.keys(platformSections);

/** The validated stack configuration. */
export type PlatformConfig = z.infer<typeof platformSchema>;

/** What validation needs besides the config itself. */
export interface ParseOptions {
  /**
   * The stack the config belongs to; when given, `environment` must match it (a platform stack
   * is named for its environment, a member stack `<environment>-<account id>`).
   */
  stack?: string;
  /** Today (UTC, `YYYY-MM-DD`) for waiver expiry; default: the current date. */
  today?: string;
}

/** The stack a config is deployed as must be the environment it names. */
function environmentProblems(
  environment: string,
  kind: StackKindConfig,
  stack: string | undefined,
): Problem[] {
  if (stack === undefined) return [];
  const expected = kind.kind === "member" ? `${environment}-${kind.accountId}` : environment;
  if (stack === expected) return [];
  const wanted = kind.kind === "member" ? stack.replace(/-\d{12}$/, "") : stack;
  return [
    [
      "environment",
      `${show(environment)} does not match the stack ${show(stack)}: Pulumi.${stack}.yaml must set ` +
        `environment: ${wanted} (every resource name and tag carries the environment, so a ` +
        `mismatch would deploy one environment's names into another's accounts)`,
    ],
  ];
}

/** Problems only visible across fields: membership, uniqueness, lifecycle arithmetic. */
function crossFieldProblems(c: PlatformConfig, options: ParseOptions): Problem[] {
  const analytics = analyticsProblems(c.analytics, c.accounts.audit.readerRoleNames);
  return [
    ...environmentProblems(c.environment, c.stack, options.stack),
    ...identityProblems(c),
    ...integrationProblems(c, {
      governedRegions: c.regions.governed,
      coreAccounts: coreAccountIds(c),
    }),
    ...retentionProblems(c, options.today ?? todayUtc()),
    ...stackProblems(c.stack, c.members),
    ...analytics.map(([path, message]): Problem => [`analytics.${path}`, message]),
  ];
}

/**
 * Validates a raw config map (top-level key without namespace → decoded value) and returns
 * the typed config. Pure: no Pulumi runtime needed, so tests and CLIs can call it.
 * @throws ConfigValidationError naming every bad key, its value and what is allowed.
 */
export function parsePlatformConfig(
  raw: Record<string, unknown>,
  options: ParseOptions = {},
): PlatformConfig {
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
  const problems = crossFieldProblems(result.data, options);
  if (problems.length > 0) {
    throw new ConfigValidationError(problems.map(([p, m]) => `${CONFIG_NAMESPACE}:${p}: ${m}`));
  }
  return result.data;
}

/**
 * Decodes the runtime's flat config map (`namespace:key` → string, structured values
 * JSON-encoded) into this namespace's raw values. A key left empty in YAML (`features:` with
 * nothing under it) arrives as `null` or "" and decodes to null, which validation reports as an
 * empty section.
 * @throws ConfigValidationError naming every key of an unknown namespace (and nothing else
 * then: a misspelt namespace also hides its section, whose defaults would raise misleading
 * problems), or every key whose structured value is not valid JSON.
 */
export function decodeRuntimeConfig(all: Record<string, string>): Record<string, unknown> {
  const unknown = namespaceProblems(Object.keys(all));
  if (unknown.length > 0) throw new ConfigValidationError(unknown);
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [qualified, text] of Object.entries(all)) {
    if (!qualified.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
    const key = qualified.slice(CONFIG_NAMESPACE.length + 1);
    const trimmed = text.trim();
    if (trimmed === "" || trimmed === "null") {
      raw[key] = null;
    } else if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
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
  return parsePlatformConfig(decodeRuntimeConfig(pulumi.runtime.allConfig()), {
    stack: pulumi.getStack(),
  });
}
