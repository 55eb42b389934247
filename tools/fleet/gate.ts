import { PlanResource } from "../offline/plan";
import { evaluatePack } from "../policy/evaluate";
import { summarize, toFindings } from "../policy/findings";
import { loadPack } from "../policy/pack";
import { reconcileConfig } from "../policy/packConfig";
import { StackOutcome } from "./types";

/**
 * What an offline run reports for one synthesized stack: the resources it would create, its
 * explicit providers, and the policy gate's verdict (the pack with its default config, exactly
 * as `npm run policy:check` runs it).
 */
export async function gateOutcome(plan: readonly PlanResource[]): Promise<StackOutcome> {
  const pack = loadPack();
  const settings = reconcileConfig(pack.policies, pack.enforcementLevel, {}, undefined);
  const { diagnostics } = await evaluatePack(pack, plan, settings);
  const findings = toFindings(pack, plan, diagnostics);
  const mandatory = findings.filter((f) => f.level === "mandatory");
  return {
    resources: plan.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).length,
    providers: countProviders(plan),
    violations: summarize(findings).mandatory,
    violationSummary: mandatory
      .slice(0, 3)
      .map((f) => `${f.policy}: ${f.resourceName}: ${f.detail.split("\n")[0]}`)
      .join("; "),
  };
}

/** Explicit providers a plan registers (each one a plugin process at deployment). */
export function countProviders(plan: readonly PlanResource[]): number {
  return plan.filter((r) => r.type.startsWith("pulumi:providers:")).length;
}
