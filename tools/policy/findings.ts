import { Severity } from "@pulumi/policy";
import { classPath } from "../../policies/lib/naming";
import { PlanResource } from "../offline/plan";
import { PackInfo } from "./packInfo";
import { Diagnostic } from "./session";

/** One reported diagnostic, enriched for reports. */
export interface Finding {
  policy: string;
  level: "mandatory" | "advisory";
  severity: Severity;
  /** Public control IDs of the policy (from its tags). */
  controls: string[];
  /** Resource URN; the stack's URN for stack-wide findings. */
  urn: string;
  resourceType: string;
  resourceName: string;
  /** What the policy said, without the description line the runtime prepends. */
  detail: string;
  /** The message exactly as the runtime builds it. */
  message: string;
}

export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low"];

/** Findings in report order: severity, then mandatory first, then policy, then resource. */
export function toFindings(
  pack: PackInfo,
  plan: readonly PlanResource[],
  diagnostics: readonly Diagnostic[],
): Finding[] {
  const byUrn = new Map(plan.map((r) => [r.urn, r]));
  const stack = plan.find((r) => r.type === "pulumi:pulumi:Stack");
  const tagsOf = new Map(pack.policies.map((p) => [p.name, p.tags]));
  const findings = diagnostics.map((d): Finding => {
    const resource = d.urn ? byUrn.get(d.urn) : stack;
    const prefix = `${d.description}\n`;
    return {
      policy: d.policyName,
      level: d.enforcementLevel,
      severity: d.severity ?? "medium",
      controls: (tagsOf.get(d.policyName) ?? []).filter((t) => t !== "logging"),
      urn: d.urn ?? stack?.urn ?? "",
      resourceType: resource ? classPath(resource.type) : "",
      resourceName: resource?.name ?? "",
      detail: d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message,
      message: d.message,
    };
  });
  const rank = (f: Finding) => SEVERITY_ORDER.indexOf(f.severity);
  return findings.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1) ||
      a.policy.localeCompare(b.policy) ||
      a.urn.localeCompare(b.urn) ||
      a.detail.localeCompare(b.detail),
  );
}

/** Counts per level. */
export function summarize(findings: readonly Finding[]): { mandatory: number; advisory: number } {
  return {
    mandatory: findings.filter((f) => f.level === "mandatory").length,
    advisory: findings.filter((f) => f.level === "advisory").length,
  };
}
