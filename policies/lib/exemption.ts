/** The tag that exempts a resource from every policy of the pack; its value is the reason. */
export const EXEMPT_TAG = "logging:exempt";

/** The tag giving the last day (`YYYY-MM-DD`, UTC) an exemption holds; it pairs by suffix. */
export const EXEMPT_EXPIRES_TAG = "logging:exempt-expires";

/** The tag that exempts a resource from one policy only: `logging:exempt:<policy-name>`. */
export function policyExemptTag(policyName: string): string {
  return `${EXEMPT_TAG}:${policyName}`;
}

/** The expiry tag of an exemption tag: `logging:exempt[:p]` → `logging:exempt-expires[:p]`. */
export function expiryTagOf(exemptTag: string): string {
  return EXEMPT_EXPIRES_TAG + exemptTag.slice(EXEMPT_TAG.length);
}

/** Shortest reason an exemption may give: a sentence, not a placeholder such as "." or "n/a". */
export const MIN_REASON_CHARACTERS = 20;
/** Distinct words (3+ letters) a reason must contain. */
export const MIN_REASON_WORDS = 3;

/** What a resource's tags say about exempting it from one policy. */
export type Exemption =
  | { kind: "none" }
  | { kind: "valid"; tag: string; reason: string; expires: string }
  /** The tag is there but exempts nothing; `problem` says why, after "The tag X on this resource". */
  | { kind: "invalid"; tag: string; problem: string; expired?: string };

const MONTH_DAYS = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether `text` is a calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = m.slice(1).map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= MONTH_DAYS(year, month);
}

/** Today in UTC as `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether `reason` states why: {@link MIN_REASON_CHARACTERS} characters, {@link MIN_REASON_WORDS} words. */
export function isRealReason(reason: string): boolean {
  const trimmed = reason.trim();
  const words = new Set(trimmed.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
  return trimmed.length >= MIN_REASON_CHARACTERS && words.size >= MIN_REASON_WORDS;
}

/** Judges one exemption tag and its expiry tag as of `today`. */
function judge(map: Record<string, unknown>, tag: string, today: string): Exemption {
  const value = map[tag];
  const reason = typeof value === "string" ? value.trim() : "";
  if (reason.length === 0) return { kind: "invalid", tag, problem: "has no reason" };
  if (!isRealReason(reason)) {
    return {
      kind: "invalid",
      tag,
      problem:
        `gives ${JSON.stringify(reason)}, which is not a reason: state in at least ` +
        `${MIN_REASON_CHARACTERS} characters and ${MIN_REASON_WORDS} words why the resource is exempt`,
    };
  }
  const expiryTag = expiryTagOf(tag);
  const expires = map[expiryTag];
  if (expires === undefined) {
    return {
      kind: "invalid",
      tag,
      problem: `has no expiry: add the tag ${expiryTag} with the last day it holds (YYYY-MM-DD)`,
    };
  }
  if (typeof expires !== "string" || !isCalendarDate(expires)) {
    return {
      kind: "invalid",
      tag,
      problem: `expires on ${JSON.stringify(expires)} (${expiryTag}), which is not a calendar date written YYYY-MM-DD`,
    };
  }
  if (expires < today) {
    return {
      kind: "invalid",
      tag,
      expired: expires,
      problem: `expired on ${expires} (${expiryTag}): renew it with a new date and a current reason, or bring the resource into compliance`,
    };
  }
  return { kind: "valid", tag, reason, expires };
}

function exemptionTagsOf(map: Record<string, unknown>): string[] {
  return Object.keys(map)
    .filter((key) => key === EXEMPT_TAG || key.startsWith(`${EXEMPT_TAG}:`))
    .sort();
}

/**
 * Reads the exemption for `policyName` from a resource's `tags`. The policy-specific tag wins over
 * the pack-wide one, so a team can exempt a resource from one check without muting the others.
 * An exemption holds only with a real reason and an expiry date that has not passed.
 */
export function exemptionOf(tags: unknown, policyName: string, today = todayUtc()): Exemption {
  if (tags === null || typeof tags !== "object") return { kind: "none" };
  const map = tags as Record<string, unknown>;
  for (const tag of [policyExemptTag(policyName), EXEMPT_TAG]) {
    if (tag in map) return judge(map, tag, today);
  }
  return { kind: "none" };
}

/** Every exemption tag on a resource that exempts nothing, with why, in tag order. */
export function invalidExemptions(
  tags: unknown,
  today = todayUtc(),
): Array<Extract<Exemption, { kind: "invalid" }>> {
  if (tags === null || typeof tags !== "object") return [];
  const map = tags as Record<string, unknown>;
  return exemptionTagsOf(map)
    .map((tag) => judge(map, tag, today))
    .filter((e): e is Extract<Exemption, { kind: "invalid" }> => e.kind === "invalid");
}
