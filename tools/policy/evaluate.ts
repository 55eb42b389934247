import {
  EnforcementLevel,
  Policies,
  ReportViolation,
  ResourceValidation,
  ResourceValidationPolicy,
  Severity,
  StackValidationPolicy,
} from "@pulumi/policy";
import { isUnknownValueError } from "../../policies/lib/runtime";
import { PlanResource } from "../offline/plan";
import { PolicySettings } from "./packConfig";
import {
  NotApplicableError,
  policyResources,
  pulumiTypeOf,
  resourceValidationArgs,
  stackValidationArgs,
} from "./runtimeArgs";

/** A policy pack as the gate runs it. */
export interface PackSpec {
  name: string;
  version: string;
  /** The pack-wide default level (PolicyPackArgs.enforcementLevel, else "advisory"). */
  enforcementLevel: EnforcementLevel;
  policies: Policies;
}

/** One diagnostic, shaped like the runtime's AnalyzeDiagnostic. */
export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  /** The runtime's message: the policy description, a newline, then what the policy reported. */
  message: string;
  /** The resource the diagnostic is about; absent for stack-wide findings. */
  urn?: string;
  enforcementLevel: "advisory" | "mandatory";
  severity?: Severity;
}

/** A policy that declared itself not applicable (to a resource, or to the stack). */
export interface NotApplicable {
  policyName: string;
  urn?: string;
  reason?: string;
}

export interface Evaluation {
  diagnostics: Diagnostic[];
  notApplicable: NotApplicable[];
}

/** A policy threw something other than an unknown value or notApplicable: the gate cannot decide. */
export class PolicyRuntimeError extends Error {
  override readonly name = "PolicyRuntimeError";
}

function isResourcePolicy(p: Policies[number]): p is ResourceValidationPolicy {
  const v = (p as ResourceValidationPolicy).validateResource;
  if (typeof v === "function") return true;
  if (Array.isArray(v)) return v.every((f) => typeof f === "function");
  return typeof (p as ResourceValidationPolicy).remediateResource === "function";
}

function isStackPolicy(p: Policies[number]): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** The runtime's reportViolation: string form at the policy's level, object form as given. */
function reporter(
  pack: PackSpec,
  policy: Policies[number],
  level: "advisory" | "mandatory",
  out: Diagnostic[],
  fixedUrn?: string,
): ReportViolation {
  return ((message: unknown, urn?: string) => {
    const base = {
      policyName: policy.name,
      policyPackName: pack.name,
      policyPackVersion: pack.version,
      description: policy.description,
      severity: policy.severity,
    };
    if (message !== null && typeof message === "object") {
      const info = message as {
        name?: string;
        message?: string;
        description?: string;
        urn?: string;
        enforcementLevel?: EnforcementLevel;
        severity?: Severity;
      };
      const infoLevel = info.enforcementLevel || level;
      out.push({
        ...base,
        policyName: info.name || policy.name,
        message: info.message || info.description || policy.description,
        description: info.description || policy.description,
        urn: fixedUrn ?? info.urn,
        enforcementLevel: infoLevel === "advisory" ? "advisory" : "mandatory",
        severity: info.severity || policy.severity,
      });
      return;
    }
    const text =
      typeof message === "string" && message
        ? `${policy.description}\n${message}`
        : policy.description;
    out.push({ ...base, message: text, urn: fixedUrn ?? urn, enforcementLevel: level });
  }) as ReportViolation;
}

function effectiveLevel(
  policy: Policies[number],
  settings: ReadonlyMap<string, PolicySettings>,
  pack: PackSpec,
): EnforcementLevel {
  return (
    settings.get(policy.name)?.enforcementLevel || policy.enforcementLevel || pack.enforcementLevel
  );
}

function preview(pack: PackSpec, policy: Policies[number], e: Error, urn?: string): Diagnostic {
  return {
    policyName: policy.name,
    policyPackName: pack.name,
    policyPackVersion: pack.version,
    description: policy.description,
    message: `can't run policy '${policy.name}' from policy pack '${pack.name}@v${pack.version}' during preview: ${e.message}`,
    urn,
    enforcementLevel: "advisory",
    severity: policy.severity,
  };
}

function fail(pack: PackSpec, policy: Policies[number], what: string, e: unknown): never {
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  throw new PolicyRuntimeError(
    `Error validating ${what} with policy '${policy.name}' from policy pack '${pack.name}@v${pack.version}': ${detail}`,
  );
}

/**
 * Runs every policy over the plan the way the CrossGuard analyzer does: resource policies once per
 * registered resource (fast-skipped by `__pulumiType`, each validation in turn), then stack
 * policies once over all resources; disabled policies do not run, "remediate" reports as
 * mandatory, an unknown value becomes an advisory "can't run … during preview" diagnostic.
 */
export async function evaluatePack(
  pack: PackSpec,
  plan: readonly PlanResource[],
  settings: ReadonlyMap<string, PolicySettings>,
): Promise<Evaluation> {
  const diagnostics: Diagnostic[] = [];
  const notApplicable: NotApplicable[] = [];
  const byUrn = new Map(plan.map((r) => [r.urn, r]));
  const configOf = (name: string) => settings.get(name)?.properties ?? {};

  for (const resource of plan) {
    for (const policy of pack.policies) {
      let level = effectiveLevel(policy, settings, pack);
      if (level === "disabled" || !isResourcePolicy(policy)) continue;
      if (!policy.validateResource) {
        notApplicable.push({
          policyName: policy.name,
          urn: resource.urn,
          reason: "Policy does not implement validateResource",
        });
        continue;
      }
      if (level === "remediate") level = "mandatory";
      if (!Array.isArray(policy.validateResource)) {
        const token = pulumiTypeOf(policy.validateResource);
        if (token && resource.type !== token) {
          notApplicable.push({
            policyName: policy.name,
            urn: resource.urn,
            reason: `Policy only applies to resources of type '${token}'`,
          });
          continue;
        }
      }
      const report = reporter(pack, policy, level, diagnostics, resource.urn);
      const validations: ResourceValidation[] = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
      for (const validation of validations) {
        try {
          const args = resourceValidationArgs(resource, byUrn, configOf(policy.name));
          await Promise.resolve(validation(args, report));
        } catch (e) {
          if (isUnknownValueError(e)) diagnostics.push(preview(pack, policy, e, resource.urn));
          else if (e instanceof NotApplicableError) {
            notApplicable.push({ policyName: policy.name, urn: resource.urn, reason: e.reason });
          } else fail(pack, policy, `resource ${resource.urn}`, e);
        }
      }
    }
  }

  for (const policy of pack.policies) {
    let level = effectiveLevel(policy, settings, pack);
    if (level === "disabled" || !isStackPolicy(policy)) continue;
    if (level === "remediate") level = "mandatory";
    const token = pulumiTypeOf(policy.validateStack);
    if (token && !plan.some((r) => r.type === token)) {
      notApplicable.push({
        policyName: policy.name,
        reason: `Policy only applies to resources of type '${token}'`,
      });
      continue;
    }
    const report = reporter(pack, policy, level, diagnostics);
    try {
      const args = stackValidationArgs(policyResources(plan), configOf(policy.name));
      await Promise.resolve(policy.validateStack(args, report));
    } catch (e) {
      if (isUnknownValueError(e)) diagnostics.push(preview(pack, policy, e));
      else if (e instanceof NotApplicableError) {
        notApplicable.push({ policyName: policy.name, reason: e.reason });
      } else fail(pack, policy, "the stack", e);
    }
  }
  return { diagnostics, notApplicable };
}
