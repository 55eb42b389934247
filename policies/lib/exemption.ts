/** The tag that exempts a resource from every policy of the pack; its value is the reason. */
export const EXEMPT_TAG = "logging:exempt";

/** The tag that exempts a resource from one policy only: `logging:exempt:<policy-name>`. */
export function policyExemptTag(policyName: string): string {
  return `${EXEMPT_TAG}:${policyName}`;
}

/** What a resource's tags say about exempting it from one policy. */
export type Exemption =
  | { kind: "none" }
  | { kind: "reason"; tag: string; reason: string }
  | { kind: "missing-reason"; tag: string };

/**
 * Reads the exemption for `policyName` from a resource's `tags`. The policy-specific tag wins over
 * the pack-wide one, so a team can exempt a resource from one check without muting the others.
 */
export function exemptionOf(tags: unknown, policyName: string): Exemption {
  if (tags === null || typeof tags !== "object") return { kind: "none" };
  const map = tags as Record<string, unknown>;
  for (const tag of [policyExemptTag(policyName), EXEMPT_TAG]) {
    if (!(tag in map)) continue;
    const value = map[tag];
    const reason = typeof value === "string" ? value.trim() : "";
    return reason.length > 0 ? { kind: "reason", tag, reason } : { kind: "missing-reason", tag };
  }
  return { kind: "none" };
}

/** Every exemption tag on a resource whose value gives no reason. */
export function exemptionTagsWithoutReason(tags: unknown): string[] {
  if (tags === null || typeof tags !== "object") return [];
  return Object.entries(tags as Record<string, unknown>)
    .filter(([key]) => key === EXEMPT_TAG || key.startsWith(`${EXEMPT_TAG}:`))
    .filter(([, value]) => typeof value !== "string" || value.trim().length === 0)
    .map(([key]) => key)
    .sort();
}
