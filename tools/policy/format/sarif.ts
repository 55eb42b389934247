import { createHash } from "crypto";
import { Severity } from "@pulumi/policy";
import { ReportContext } from "./context";

/** GitHub code scanning ranks alerts by this score (0.0–10.0) in the rule's properties. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per policy (with help text and control tags),
 * one result per finding located at the program's entry file and, logically, at the resource URN.
 * Pulumi resources have no source line, so line 1 of the program stands in for the position and
 * the fingerprint comes from policy + URN + message, keeping alerts stable across runs.
 */
export function formatSarif(ctx: ReportContext, toolVersion: string): string {
  const rules = ctx.pack.policies.map((p) => {
    const controls = p.tags.filter((t) => t !== "logging");
    const help = [
      p.description,
      p.remediationSteps ? `Fix: ${p.remediationSteps}` : undefined,
      controls.length > 0 ? `Controls: ${controls.join(", ")}` : undefined,
      p.url ? `Reference: ${p.url}` : undefined,
    ]
      .filter((l): l is string => l !== undefined)
      .join("\n");
    return {
      id: p.name,
      name: p.name,
      shortDescription: { text: p.description },
      fullDescription: { text: help.split("\n").slice(0, 2).join(" ") },
      help: { text: help, markdown: help.split("\n").join("\n\n") },
      ...(p.url ? { helpUri: p.url } : {}),
      defaultConfiguration: { level: p.enforcementLevel === "mandatory" ? "error" : "warning" },
      properties: {
        tags: ["security", "logging", ...controls],
        "security-severity": SECURITY_SEVERITY[p.severity ?? "medium"],
        precision: "very-high",
      },
    };
  });
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = ctx.findings.map((f) => ({
    ruleId: f.policy,
    ruleIndex: index.get(f.policy),
    level: f.level === "mandatory" ? "error" : "warning",
    message: { text: `${f.resourceType} "${f.resourceName}": ${f.detail}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: ctx.programFile },
          region: { startLine: 1 },
        },
        logicalLocations: [{ fullyQualifiedName: f.urn, name: f.resourceName, kind: "resource" }],
      },
    ],
    partialFingerprints: {
      "pulumiPolicyFinding/v1": createHash("sha256")
        .update(`${f.policy}\u0000${f.urn}\u0000${f.detail}`)
        .digest("hex"),
    },
    properties: { urn: f.urn, severity: f.severity, enforcementLevel: f.level },
  }));
  return JSON.stringify(
    {
      $schema: SARIF_SCHEMA,
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "aws-logging-guardrails policy gate",
              semanticVersion: toolVersion,
              informationUri: "https://www.pulumi.com/docs/iac/crossguard/",
              rules,
            },
          },
          automationDetails: { id: `policy-gate/${ctx.stackLabel}/` },
          results,
        },
      ],
    },
    null,
    2,
  );
}
