/** One resource as the offline synthesis recorded it: what the engine would have registered. */
export interface PlanResource {
  /** The URN the engine would assign (`urn:pulumi:<stack>::<project>::<qualified type>::<name>`). */
  urn: string;
  /** The resource type token, e.g. `aws:s3/bucket:Bucket`. */
  type: string;
  /** The logical name passed to the constructor. */
  name: string;
  /** True for provider-managed (custom) resources, false for components. */
  custom: boolean;
  /** The inputs as the provider would receive them (unknowns are absent). */
  inputs: Record<string, unknown>;
  /** The state the mock cloud returned (inputs plus deterministic id/arn/name). */
  outputs: Record<string, unknown>;
  /** URN of the parent resource, if any. */
  parent?: string;
  /** URN of the explicit provider resource, if any. */
  provider?: string;
  /** `protect` resource option. */
  protect: boolean;
  /** `retainOnDelete` resource option. */
  retainOnDelete: boolean;
  /** URNs this resource depends on (explicit `dependsOn` plus input references). */
  dependencies: string[];
  /** For each input property, the URNs of the resources its value came from. */
  propertyDependencies: Record<string, string[]>;
}

/** The account id a provider assumes into, read from its `assumeRoles` role ARN. */
export function providerAccountId(provider: PlanResource): string | undefined {
  // Provider inputs reach the engine with nested values JSON-encoded.
  const raw = provider.inputs["assumeRoles"];
  const roles: unknown = typeof raw === "string" ? JSON.parse(raw) : raw;
  const first = Array.isArray(roles)
    ? (roles[0] as Record<string, unknown> | undefined)
    : undefined;
  const roleArn = first?.["roleArn"];
  if (typeof roleArn !== "string") return undefined;
  return /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn)?.[1];
}

/** Resources of one type token. */
export function resourcesOfType(plan: readonly PlanResource[], type: string): PlanResource[] {
  return plan.filter((r) => r.type === type);
}
