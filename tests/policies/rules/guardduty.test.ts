import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const DETECTOR = "aws:guardduty/detector:Detector";
const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";

describe("guardduty-eks-audit-logs", () => {
  const p = policy("guardduty-eks-audit-logs");
  const detector = res(DETECTOR, "main", { enable: true }, { outputs: { id: "det1" } });
  const feature = (name: string, status: string) =>
    res(FEATURE, "eks", { detectorId: "det1", name, status }, { deps: { detectorId: [detector] } });
  const message =
    'advisory main: [GuardDuty.5] aws.guardduty.Detector "main" does not analyse EKS audit logs: add an aws.guardduty.DetectorFeature with detectorId = this detector\'s id, name "EKS_AUDIT_LOGS" and status "ENABLED".';

  it("accepts the EKS_AUDIT_LOGS feature or the older datasources block", async () => {
    assertClean(await run(p, [detector, feature("EKS_AUDIT_LOGS", "ENABLED")]));
    assertClean(
      await run(p, [
        res(DETECTOR, "main", { datasources: { kubernetes: { auditLogs: { enable: true } } } }),
      ]),
    );
  });

  it("flags a detector without it, or with the feature disabled; skips disabled detectors", async () => {
    assertLines(await run(p, [detector]), [message]);
    assertLines(await run(p, [detector, feature("EKS_AUDIT_LOGS", "DISABLED")]), [message]);
    assertClean(await run(p, [res(DETECTOR, "off", { enable: false })]));
  });
});
