import { PlatformConfig, decodeRuntimeConfig, parsePlatformConfig } from "../../components/config";
import { FleetMember, Registry, memberStack, memberStackName, platformStackRef } from "./registry";
import { Operation, StackSpec } from "./types";

/** One shard of a CI matrix: `index` of `count`, 1-based. */
export interface Shard {
  index: number;
  count: number;
}

/** A request that names what does not exist: an unknown account, a shard past the count. */
export class SelectionError extends Error {
  override readonly name = "SelectionError";
}

/**
 * Parses `i/N`.
 * @throws SelectionError naming the value and the form expected.
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new SelectionError(
      `--shard ${JSON.stringify(text)} is not i/N with 1 <= i <= N (like 2/4)`,
    );
  }
  return { index, count };
}

/**
 * The members of one shard: the registry's accounts in account-id order, dealt round-robin, so
 * every shard of N gets the same count (±1) and every account exactly one shard, whichever
 * machine computes it.
 */
export function shardMembers(members: readonly FleetMember[], shard: Shard): FleetMember[] {
  return [...members]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((_, i) => i % shard.count === shard.index - 1);
}

/** What the command line asks to run. */
export interface SelectionRequest {
  /** Member account ids; absent: every member (of the shard). */
  accounts?: readonly string[];
  /** Only the platform stack, or only member stacks; absent: both (the platform first). */
  only?: "platform" | "members";
  shard?: Shard;
}

/** Whether a request includes the platform stack: not with --accounts, --shard or --only members. */
export function includesPlatform(req: SelectionRequest): boolean {
  if (req.only !== undefined) return req.only === "platform";
  return req.accounts === undefined && req.shard === undefined;
}

/**
 * The members a request selects, in registry order.
 * @throws SelectionError naming every requested account that is not registered.
 */
export function selectMembers(
  r: Registry,
  req: SelectionRequest,
  allowUnregistered = false,
): FleetMember[] {
  if (req.only === "platform") return [];
  let members = r.members;
  if (req.accounts !== undefined) {
    const known = new Set(members.map((m) => m.id));
    const unknown = req.accounts.filter((id) => !known.has(id));
    if (unknown.length > 0 && !allowUnregistered) {
      throw new SelectionError(
        `--accounts ${unknown.join(", ")}: not ${unknown.length === 1 ? "a member" : "members"} of Pulumi.${r.env}.yaml ` +
          `(onboard ${unknown.length === 1 ? "it" : "them"} first with npm run onboard)`,
      );
    }
    const wanted = new Set(req.accounts);
    members = members.filter((m) => wanted.has(m.id));
  }
  if (req.shard !== undefined) {
    const inShard = new Set(shardMembers(r.members, req.shard).map((m) => m.id));
    members = members.filter((m) => inShard.has(m.id));
  }
  return members;
}

/** The platform stack of a registry. */
export function platformSpec(r: Registry, config: PlatformConfig): StackSpec {
  return {
    name: r.env,
    qualifiedName: platformStackRef(r),
    kind: "platform",
    accountId: config.organization.managementAccount.id,
    loaded: r.platform,
  };
}

/**
 * The stack of an account no longer in the registry (offboarded): it can still be destroyed,
 * from its state alone.
 */
export function unregisteredMemberSpec(r: Registry, accountId: string): StackSpec {
  const name = memberStackName(r.env, accountId);
  return {
    name,
    qualifiedName: `${r.organization}/${r.project}/${name}`,
    kind: "member",
    accountId,
  };
}

/** A member's stack. */
export function memberSpec(r: Registry, member: FleetMember): StackSpec {
  const loaded = memberStack(r, member.id);
  return {
    name: loaded.stack,
    qualifiedName: `${r.organization}/${r.project}/${loaded.stack}`,
    kind: "member",
    accountId: member.id,
    config: loaded.config,
    loaded,
  };
}

/**
 * The stacks to run, in the order their dependencies need: the platform stack before its members
 * (they read its outputs), and after them when destroying (they still reference it).
 */
export function selectStacks(
  r: Registry,
  req: SelectionRequest,
  operation: Operation,
): StackSpec[] {
  const config = parsePlatformConfig(decodeRuntimeConfig(r.platform.config), {
    stack: r.platform.stack,
  });
  const destroy = operation === "destroy";
  const members = selectMembers(r, req, destroy).map((m) => memberSpec(r, m));
  // Destroying an offboarded account's stack: the account is gone from the registry.
  const known = new Set(r.members.map((m) => m.id));
  const unregistered = destroy
    ? (req.accounts ?? []).filter((id) => !known.has(id)).map((id) => unregisteredMemberSpec(r, id))
    : [];
  const platform = includesPlatform(req) ? [platformSpec(r, config)] : [];
  return destroy ? [...members, ...unregistered, ...platform] : [...platform, ...members];
}
