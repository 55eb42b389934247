import { summarize } from "../findings";
import { ReportContext } from "./context";

/** Machine-readable report: summary plus every finding. */
export function formatJson(ctx: ReportContext): string {
  return JSON.stringify(
    {
      pack: { name: ctx.pack.name, version: ctx.pack.version },
      stack: ctx.stackLabel,
      resources: ctx.resourceCount,
      policies: ctx.pack.policies.length,
      summary: summarize(ctx.findings),
      passed: summarize(ctx.findings).mandatory === 0,
      findings: ctx.findings.map((f) => ({
        policy: f.policy,
        level: f.level,
        severity: f.severity,
        controls: f.controls,
        urn: f.urn,
        resourceType: f.resourceType,
        resourceName: f.resourceName,
        message: f.detail,
      })),
    },
    null,
    2,
  );
}
