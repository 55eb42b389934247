import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString } from "../lib/values";

const cloudfrontSpec: PolicySpec = {
  name: "cloudfront-logging",
  description: "CloudFront distributions write standard access logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["CloudFront.5"], checkov: ["CKV_AWS_86"] },
  remediationSteps: 'Set loggingConfig { bucket: "<log bucket>.s3.amazonaws.com", prefix }.',
};

/** CloudFront.5 / CKV_AWS_86. */
export const cloudfrontLogging: ResourceValidationPolicy = resourcePolicy(
  cloudfrontSpec,
  forType(cloudfrontSpec, aws.cloudfront.Distribution, (dist, finding) => {
    if (!isNonEmptyString(dist.loggingConfig?.bucket)) {
      finding.violation(
        `${finding.subject} writes no access logs: set loggingConfig.bucket to the log bucket's domain name.`,
      );
    }
  }),
);
