import { PlanResource } from "../../tools/offline/plan";
import { Finding, toFindings } from "../../tools/policy/findings";
import { PolicyGate, StackIdentity } from "../../tools/policy/session";

let gate: Promise<PolicyGate> | undefined;

// One pack process for the whole test run, stopped by this root hook.
if (typeof after === "function") {
  after(async () => {
    const started = gate;
    gate = undefined;
    await (await started?.catch(() => undefined))?.close();
  });
}

/** The platform's pack (policies/), started once per test process as `policy:check` starts it. */
export function packGate(): Promise<PolicyGate> {
  gate ??= PolicyGate.start();
  return gate;
}

/** The pack's findings on a plan with its default config, as `policy:check` reports them. */
export async function packFindings(
  plan: readonly PlanResource[],
  stack?: StackIdentity,
): Promise<Finding[]> {
  const g = await packGate();
  return toFindings(g.pack, plan, await g.analyze(plan, stack));
}
