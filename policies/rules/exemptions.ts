import { StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { EXEMPT_TAG, exemptionTagsWithoutReason } from "../lib/exemption";
import { listing } from "../lib/values";

const reasonSpec: PolicySpec = {
  name: "exemption-has-reason",
  description: `Every ${EXEMPT_TAG} tag states why the resource is exempt.`,
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps: `Set the ${EXEMPT_TAG} (or ${EXEMPT_TAG}:<policy>) tag's value to the reason, or remove the tag.`,
};

/**
 * An exemption without a reason is a violation of its own, reported once per resource; the
 * exemption itself is ignored by every other policy. It cannot be exempted.
 */
export const exemptionHasReason: StackValidationPolicy = stackPolicy(reasonSpec, (stack) => {
  stack.each(stack.resources, (resource, finding) => {
    const empty = exemptionTagsWithoutReason(resource.props["tags"]);
    if (empty.length === 0) return;
    finding.violationWithoutExemption(
      `${finding.subject} has ${listing(empty)} without a reason: set the tag's value to why the ` +
        "resource is exempt, or remove the tag.",
    );
  });
});
