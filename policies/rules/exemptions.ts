import { StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { EXEMPT_EXPIRES_TAG, EXEMPT_TAG, invalidExemptions } from "../lib/exemption";

const reasonSpec: PolicySpec = {
  name: "exemption-has-reason",
  description: `Every ${EXEMPT_TAG} tag states why the resource is exempt and until when.`,
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    `Set the ${EXEMPT_TAG} (or ${EXEMPT_TAG}:<policy>) tag's value to the reason and the ` +
    `${EXEMPT_EXPIRES_TAG} (or ${EXEMPT_EXPIRES_TAG}:<policy>) tag to its last day (YYYY-MM-DD), ` +
    "renew an expired one, or remove the tags.",
};

/**
 * An exemption without a real reason, without an expiry date, or past it is a violation of its
 * own, reported once per tag; the exemption itself is ignored by every other policy. It cannot
 * be exempted.
 */
export const exemptionHasReason: StackValidationPolicy = stackPolicy(reasonSpec, (stack) => {
  stack.each(stack.resources, (resource, finding) => {
    for (const e of invalidExemptions(resource.props["tags"])) {
      finding.violationWithoutExemption(
        `${finding.subject} has the exemption tag ${e.tag}, which ${e.problem}.`,
      );
    }
  });
});
