import { Registry, memberStackName, parseMemberStackName } from "./registry";

/** What `fleet status` prints, and whether the fleet matches its registry. */
export interface StatusReport {
  text: string;
  /** True when every registered account has a stack and every member stack an account. */
  clean: boolean;
}

/**
 * Compares the registry with the stacks the backend holds: registered accounts without a stack
 * (not yet deployed: `fleet up --accounts …`), and member stacks whose account left the registry
 * (offboarded but not destroyed: `fleet destroy --accounts …`).
 */
export function statusReport(r: Registry, stacks: readonly string[]): StatusReport {
  const existing = new Set(stacks);
  const lines = [`fleet ${r.project}/${r.env}: platform stack and ${r.members.length} member(s)`];
  lines.push(`  ${r.env.padEnd(20)} platform  ${existing.has(r.env) ? "deployed" : "no stack"}`);
  const missing: string[] = [];
  for (const m of r.members) {
    const name = memberStackName(r.env, m.id);
    const has = existing.has(name);
    if (!has) missing.push(m.id);
    lines.push(`  ${name.padEnd(20)} member    ${has ? "deployed" : "no stack"}  ${m.name}`);
  }
  const registered = new Set(r.members.map((m) => m.id));
  const orphans = stacks
    .map((s) => ({ s, m: parseMemberStackName(s) }))
    .filter((x) => x.m !== undefined && x.m.env === r.env && !registered.has(x.m.accountId))
    .map((x) => x.m?.accountId as string);
  if (missing.length > 0) {
    lines.push(
      "",
      `registered accounts with no stack (${missing.length}):`,
      `  ${missing.join(", ")}`,
    );
    lines.push(
      `  deploy them: npm run fleet -- up --stack ${r.env} --accounts ${missing.join(",")}`,
    );
  }
  if (orphans.length > 0) {
    lines.push(
      "",
      `member stacks with no registered account (${orphans.length}):`,
      `  ${orphans.join(", ")}`,
    );
    lines.push(
      `  destroy them: npm run fleet -- destroy --stack ${r.env} --accounts ${orphans.join(",")}`,
    );
  }
  const clean = missing.length === 0 && orphans.length === 0 && existing.has(r.env);
  if (!existing.has(r.env)) lines.push("", `the platform stack ${r.env} has no stack yet`);
  return { text: lines.join("\n"), clean };
}
