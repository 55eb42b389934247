import * as assert from "assert";
import { CIS_CONTROLS } from "../../../components/foundation/cisPatterns";
import { CIS_MONITORING_CONTROLS } from "../../../policies/rules/cisPatterns";

/**
 * The alarms' catalogue (what the platform deploys) and the policy pack's (what the gate asks
 * of any stack) are written independently on purpose: the pack must not trust the code it
 * checks. This spec keeps them from drifting apart, entry by entry.
 */

/** How the pack compares patterns: without whitespace and double quotes. */
const squeeze = (pattern: string): string => pattern.replace(/[\s"]/g, "");

/** The event names a pattern or term list requires, as `$.eventName=<name>` terms name them. */
function eventNames(text: string): string[] {
  return [...squeeze(text).matchAll(/\$\.eventName=([A-Za-z0-9]+)/g)].map((m) => m[1]).sort();
}

/**
 * Events the alarms watch beyond what the benchmark (and so the pack) asks, each for a reason.
 * Anything else one catalogue names and the other does not is drift.
 */
const ALARM_EXTRAS: Readonly<Record<string, readonly string[]>> = {
  // Switching a managed policy's default version changes what it grants, like a new version.
  "4.4": ["SetDefaultPolicyVersion"],
};

describe("CIS 4.x catalogues: the alarms' and the policy pack's", () => {
  it("list the same controls in the same order", () => {
    assert.deepStrictEqual(
      CIS_CONTROLS.map((c) => c.id),
      CIS_MONITORING_CONTROLS.map((c) => c.cis),
    );
  });

  for (const alarm of CIS_CONTROLS) {
    const gate = CIS_MONITORING_CONTROLS.find((c) => c.cis === alarm.id);
    it(`${alarm.id} ${alarm.metric}: the alarm's filter names exactly the pack's event names (and its declared extras)`, () => {
      assert.ok(gate, `the pack has no control ${alarm.id}`);
      const expected = [...eventNames(gate.terms.join(" ")), ...(ALARM_EXTRAS[alarm.id] ?? [])];
      assert.deepStrictEqual(eventNames(alarm.pattern), expected.sort());
    });
    it(`${alarm.id} ${alarm.metric}: the alarm's filter holds every term the pack requires`, () => {
      assert.ok(gate, `the pack has no control ${alarm.id}`);
      const missing = gate.terms.filter((t) => !squeeze(alarm.pattern).includes(squeeze(t)));
      assert.deepStrictEqual(missing, [], `${alarm.id}'s pattern lacks pack terms`);
    });
  }
});
