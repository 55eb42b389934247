import { PlanResource, providerAccountId } from "./plan";

/** Resource counts of one component (a direct child of the stack) within one account. */
export interface InventoryGroup {
  account: string;
  component: string;
  types: Record<string, number>;
  total: number;
}

/**
 * Groups custom resources by the account their provider targets and by the top-level
 * component they belong to.
 */
export function inventory(plan: readonly PlanResource[]): InventoryGroup[] {
  const byUrn = new Map(plan.map((r) => [r.urn, r]));
  const stackUrn = plan.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
  const topComponent = (r: PlanResource): string => {
    let cur = r;
    while (cur.parent && cur.parent !== stackUrn) {
      const up = byUrn.get(cur.parent);
      if (!up) break;
      cur = up;
    }
    return cur === r && !r.parent ? "(stack)" : `${cur.type} ${cur.name}`;
  };
  const accountOf = (r: PlanResource): string => {
    const provider = r.provider ? byUrn.get(r.provider) : undefined;
    if (!provider) return "(default provider)";
    const id = providerAccountId(provider);
    const region = typeof provider.inputs["region"] === "string" ? provider.inputs["region"] : "?";
    return `${id ?? "(caller)"} ${region}`;
  };
  const groups = new Map<string, InventoryGroup>();
  for (const r of plan) {
    if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
    const account = accountOf(r);
    const component = topComponent(r);
    const key = `${account}\u0000${component}`;
    const g = groups.get(key) ?? { account, component, types: {}, total: 0 };
    g.types[r.type] = (g.types[r.type] ?? 0) + 1;
    g.total += 1;
    groups.set(key, g);
  }
  return [...groups.values()].sort(
    (a, b) => a.account.localeCompare(b.account) || a.component.localeCompare(b.component),
  );
}

/** Human-readable inventory: one block per account, one line per component with type counts. */
export function formatInventory(plan: readonly PlanResource[]): string {
  const groups = inventory(plan);
  const lines: string[] = [];
  let account = "";
  for (const g of groups) {
    if (g.account !== account) {
      account = g.account;
      lines.push(`account ${account}`);
    }
    const types = Object.entries(g.types)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([t, n]) => `${t.split(":").pop()}×${n}`)
      .join(", ");
    lines.push(`  ${g.component} (${g.total}): ${types}`);
  }
  const providers = plan.filter((r) => r.type.startsWith("pulumi:providers:")).length;
  const total = groups.reduce((n, g) => n + g.total, 0);
  lines.push(`total: ${total} resources, ${providers} providers, ${plan.length} registrations`);
  return lines.join("\n");
}
