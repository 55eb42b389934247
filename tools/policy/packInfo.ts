import { EnforcementLevel, Severity } from "@pulumi/policy";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";

/**
 * What a policy pack says about itself in `GetAnalyzerInfo`: the gate knows the pack's policies
 * only from this answer, never by importing the pack.
 */

/** A JSON Schema object, as a policy's config schema declares one property. */
export type JsonSchema = Record<string, unknown>;

/** One policy's metadata. */
export interface PolicyInfo {
  name: string;
  description: string;
  /** The policy's own level, or the pack's default when it sets none. */
  enforcementLevel: EnforcementLevel;
  severity?: Severity;
  kind: "resource" | "stack" | "unknown";
  tags: string[];
  remediationSteps?: string;
  url?: string;
  /** Its config properties and which are required; absent when the policy takes no config. */
  configSchema?: { properties: Record<string, JsonSchema>; required: string[] };
}

/** A policy's config: its level and properties (the `--policy-pack-config` entry, normalized). */
export interface PolicyConfig {
  enforcementLevel?: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** The pack as the analyzer describes it. */
export interface PackInfo {
  name: string;
  version: string;
  displayName?: string;
  supportsConfig: boolean;
  /** In the pack's order. */
  policies: PolicyInfo[];
  /** Config the pack program passed to `new PolicyPack(name, args, initialConfig)`. */
  initialConfig: Record<string, PolicyConfig>;
}

const LEVELS: Record<analyzerproto.EnforcementLevel, EnforcementLevel> = {
  [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
  [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};

/** The wire enum of a level. */
export function levelToProto(level: EnforcementLevel): analyzerproto.EnforcementLevel {
  const found = Object.entries(LEVELS).find(([, l]) => l === level);
  if (found === undefined) throw new Error(`unknown enforcement level ${JSON.stringify(level)}`);
  return Number(found[0]) as analyzerproto.EnforcementLevel;
}

/** A level from the wire; an unknown number is the analyzer's bug, not the user's. */
export function levelFromProto(level: analyzerproto.EnforcementLevel): EnforcementLevel {
  const found = LEVELS[level];
  if (found === undefined) throw new Error(`the analyzer sent unknown enforcement level ${level}`);
  return found;
}

const SEVERITIES: Partial<Record<analyzerproto.PolicySeverity, Severity>> = {
  [analyzerproto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [analyzerproto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [analyzerproto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [analyzerproto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** A severity from the wire; unspecified is undefined. */
export function severityFromProto(s: analyzerproto.PolicySeverity): Severity | undefined {
  return SEVERITIES[s];
}

function policyInfo(p: analyzerproto.PolicyInfo): PolicyInfo {
  const kinds: Record<analyzerproto.PolicyType, PolicyInfo["kind"]> = {
    [analyzerproto.PolicyType.POLICY_TYPE_RESOURCE]: "resource",
    [analyzerproto.PolicyType.POLICY_TYPE_STACK]: "stack",
    [analyzerproto.PolicyType.POLICY_TYPE_UNKNOWN]: "unknown",
  };
  const info: PolicyInfo = {
    name: p.getName(),
    description: p.getDescription(),
    enforcementLevel: levelFromProto(p.getEnforcementlevel()),
    kind: kinds[p.getPolicyType()] ?? "unknown",
    tags: p.getTagsList(),
  };
  const severity = severityFromProto(p.getSeverity());
  if (severity) info.severity = severity;
  if (p.getRemediationSteps()) info.remediationSteps = p.getRemediationSteps();
  if (p.getUrl()) info.url = p.getUrl();
  const schema = p.getConfigschema();
  if (schema) {
    info.configSchema = {
      properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, JsonSchema>,
      required: schema.getRequiredList(),
    };
  }
  return info;
}

/** `GetAnalyzerInfo`'s answer as plain data. */
export function packInfoFromProto(ai: analyzerproto.AnalyzerInfo): PackInfo {
  const initialConfig: Record<string, PolicyConfig> = {};
  ai.getInitialconfigMap().forEach((c, name) => {
    initialConfig[name] = {
      enforcementLevel: levelFromProto(c.getEnforcementlevel()),
      properties: c.getProperties()?.toJavaScript() ?? {},
    };
  });
  const info: PackInfo = {
    name: ai.getName(),
    version: ai.getVersion(),
    supportsConfig: ai.getSupportsconfig(),
    policies: ai.getPoliciesList().map(policyInfo),
    initialConfig,
  };
  if (ai.getDisplayname()) info.displayName = ai.getDisplayname();
  return info;
}
