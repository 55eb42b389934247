import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asRecord } from "../lib/values";

const eksAuditSpec: PolicySpec = {
  name: "guardduty-eks-audit-logs",
  description: "Enabled GuardDuty detectors analyse EKS audit logs.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: { securityHub: ["GuardDuty.5"] },
  remediationSteps:
    'Add an aws.guardduty.DetectorFeature with detectorId = the detector\'s id, name "EKS_AUDIT_LOGS" ' +
    'and status "ENABLED" (the older datasources.kubernetes.auditLogs.enable: true also counts).',
};

/** GuardDuty.5: EKS Protection reads the control plane's audit log stream. */
export const guarddutyEksAuditLogs: StackValidationPolicy = stackPolicy(
  eksAuditSpec,
  (stack, args) => {
    const detectors = stack.resources.filter(
      (r) => r.isType(aws.guardduty.Detector) && r.props["enable"] !== false,
    );
    if (detectors.length === 0) args.notApplicable("the stack has no enabled GuardDuty detector");
    const features = stack.resources.filter(
      (r) =>
        r.isType(aws.guardduty.DetectorFeature) &&
        r.props["name"] === "EKS_AUDIT_LOGS" &&
        r.props["status"] === "ENABLED",
    );
    stack.each(detectors, (detector, finding) => {
      if (features.some((f) => refersTo(f, "detectorId", detector, ["id"]))) return;
      const kubernetes = asRecord(asRecord(detector.props["datasources"])?.["kubernetes"]);
      if (asRecord(kubernetes?.["auditLogs"])?.["enable"] === true) return;
      finding.violation(
        `${finding.subject} does not analyse EKS audit logs: add an aws.guardduty.DetectorFeature ` +
          'with detectorId = this detector\'s id, name "EKS_AUDIT_LOGS" and status "ENABLED".',
      );
    });
  },
);
