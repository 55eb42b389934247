import { PlanResource } from "../offline/plan";
import { summarize, toFindings } from "../policy/findings";
import { PolicyGate, StackIdentity } from "../policy/session";
import { StackOutcome } from "./types";

/**
 * What an offline run reports for one synthesized stack: the resources it would create, its
 * explicit providers, and the policy gate's verdict (the pack with its default config, exactly
 * as `npm run policy:check` runs it). `gate` is one analyzer session the whole fleet shares.
 */
export async function gateOutcome(
  gate: PolicyGate,
  plan: readonly PlanResource[],
  stack: StackIdentity,
): Promise<StackOutcome> {
  const findings = toFindings(gate.pack, plan, await gate.analyze(plan, stack));
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
