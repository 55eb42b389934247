import { SEVERITY_ORDER, summarize } from "../findings";
import { ReportContext } from "./context";

/** A human report grouped by severity, mandatory findings first within each group. */
export function formatText(ctx: ReportContext): string {
  const lines: string[] = [
    `policy pack ${ctx.pack.name}@${ctx.pack.version} on ${ctx.stackLabel} ` +
      `(offline, ${ctx.resourceCount} resources, ${ctx.pack.policies.length} policies)`,
  ];
  for (const severity of SEVERITY_ORDER) {
    const group = ctx.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push("", `${severity.toUpperCase()} (${group.length})`);
    for (const f of group) {
      const shown =
        f.controls.length > 6
          ? [...f.controls.slice(0, 5), `+${f.controls.length - 5} more`]
          : f.controls;
      const controls = shown.length > 0 ? ` [${shown.join(", ")}]` : "";
      lines.push(`  ${f.level.padEnd(9)} ${f.policy}${controls}`);
      lines.push(`            ${f.resourceType} "${f.resourceName}"`);
      for (const line of f.detail.split("\n")) lines.push(`            ${line}`);
    }
  }
  const { mandatory, advisory } = summarize(ctx.findings);
  lines.push(
    "",
    `${mandatory} mandatory, ${advisory} advisory` +
      (mandatory > 0 ? " — the gate fails" : " — the gate passes"),
  );
  return lines.join("\n");
}
