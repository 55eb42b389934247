import {
  CONFIG_NAMESPACE,
  decodeRuntimeConfig,
  parsePlatformConfig,
} from "../../components/config";
import { LoadedStack, StackConfigError, loadStack } from "../offline/stackConfig";

/**
 * The fleet of one environment, read from its registry: `Pulumi.<env>.yaml` is the platform
 * stack's config and its `members` list is the one place a platform team registers accounts.
 * Every member stack's config is derived from it; none is edited by hand.
 */

/** One registered member account, as the fleet needs it. */
export interface FleetMember {
  id: string;
  name: string;
  regions: string[];
}

/** An environment's registry. */
export interface Registry {
  /** The platform stack's name (`dev`, `prod`): also the environment of its member stacks. */
  env: string;
  /** The Pulumi project name. */
  project: string;
  /** The backend organization (`fleet.organization`). */
  organization: string;
  /** The platform stack as loaded from its file. */
  platform: LoadedStack;
  /** The registered members, in registry order. */
  members: FleetMember[];
  /** Each member's raw registry entry and Redshift clusters, by account id. */
  raw: ReadonlyMap<string, { member: unknown; redshiftClusters: unknown[] }>;
}

const MEMBER_STACK = /^(.+)-(\d{12})$/;

/** The name of a member's stack: `<env>-<account id>`, stable across renames of the member. */
export function memberStackName(env: string, accountId: string): string {
  return `${env}-${accountId}`;
}

/** The environment and account of a member stack name, or undefined for any other name. */
export function parseMemberStackName(name: string): { env: string; accountId: string } | undefined {
  const m = MEMBER_STACK.exec(name);
  return m ? { env: m[1], accountId: m[2] } : undefined;
}

/** The platform stack's fully qualified name, as a member's StackReference names it. */
export function platformStackRef(r: Pick<Registry, "organization" | "project" | "env">): string {
  return `${r.organization}/${r.project}/${r.env}`;
}

const key = (k: string): string => `${CONFIG_NAMESPACE}:${k}`;

function rawList(config: Record<string, string>, k: string, path: string[]): unknown[] {
  const text = config[key(k)];
  if (text === undefined) return [];
  let value: unknown = JSON.parse(text);
  for (const p of path) value = (value as Record<string, unknown> | undefined)?.[p];
  return Array.isArray(value) ? value : [];
}

/**
 * Loads and validates the registry of `env` (the platform stack file `Pulumi.<env>.yaml`).
 * @throws StackConfigError when the file is missing, unreadable or not a platform stack;
 * ConfigValidationError naming every bad key.
 */
export function loadRegistry(programDir: string, env: string): Registry {
  if (parseMemberStackName(env) !== undefined) {
    throw new StackConfigError(
      `"${env}" is a member stack's name; the fleet is run per environment (--stack dev, --stack prod)`,
    );
  }
  return registryOf(loadStack(programDir, env));
}

/**
 * The registry a loaded platform stack holds (its validated config).
 * @throws StackConfigError when it is not a platform stack; ConfigValidationError naming every
 * bad key.
 */
export function registryOf(platform: LoadedStack): Registry {
  const config = parsePlatformConfig(decodeRuntimeConfig(platform.config), {
    stack: platform.stack,
  });
  if (config.stack.kind !== "platform") {
    throw new StackConfigError(
      `Pulumi.${platform.stack}.yaml sets stack.kind "${config.stack.kind}": an environment's registry is a platform stack`,
    );
  }
  const rawMembers = rawList(platform.config, "members", []);
  const rawClusters = rawList(platform.config, "redshiftAudit", ["clusters"]);
  const raw = new Map<string, { member: unknown; redshiftClusters: unknown[] }>();
  config.members.forEach((m, i) => {
    raw.set(m.id, {
      member: rawMembers[i],
      redshiftClusters: rawClusters.filter(
        (c) => (c as { member?: unknown } | null)?.member === m.name,
      ),
    });
  });
  return {
    env: platform.stack,
    project: platform.project,
    organization: config.fleet.organization,
    platform,
    members: config.members.map((m) => ({ id: m.id, name: m.name, regions: [...m.regions] })),
    raw,
  };
}

/**
 * The flat config of a member stack (`namespace:key` → string, as `pulumi config set-all` and the
 * offline runtime take it): the registry's settings with `members` reduced to this member, its
 * Redshift clusters only, and `stack` naming the member and its platform stack. Its size does not
 * depend on how many members are registered.
 * @throws StackConfigError when the account is not registered.
 */
export function memberStackConfig(r: Registry, accountId: string): Record<string, string> {
  const entry = r.raw.get(accountId);
  if (entry === undefined) {
    throw new StackConfigError(
      `account ${accountId} is not a member of Pulumi.${r.env}.yaml (registered: ${r.members.map((m) => m.id).join(", ") || "none"})`,
    );
  }
  const config: Record<string, string> = { ...r.platform.config };
  config[key("members")] = JSON.stringify([entry.member]);
  const redshift = config[key("redshiftAudit")];
  const redshiftSection = redshift === undefined ? {} : (JSON.parse(redshift) as object);
  config[key("redshiftAudit")] = JSON.stringify({
    ...redshiftSection,
    clusters: entry.redshiftClusters,
  });
  config[key("stack")] = JSON.stringify({
    kind: "member",
    accountId,
    platformStack: platformStackRef(r),
  });
  return config;
}

/** A member stack loaded from its registry, as offline synthesis takes a stack. */
export function memberStack(r: Registry, accountId: string): LoadedStack {
  return {
    ...r.platform,
    stack: memberStackName(r.env, accountId),
    config: memberStackConfig(r, accountId),
    references: { [platformStackRef(r)]: r.platform },
  };
}
