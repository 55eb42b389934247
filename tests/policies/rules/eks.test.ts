import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("eks-control-plane-logs", () => {
  it("passes all five control-plane log types under the default requiredLogTypes", async () => {
    assertClean(
      await run(policy("eks-control-plane-logs"), [
        res(T.eks, "k8s", {
          enabledClusterLogTypes: [
            "scheduler",
            "authenticator",
            "api",
            "controllerManager",
            "audit",
          ],
        }),
      ]),
    );
  });

  it("flags the controller manager and scheduler logs the old default left out", async () => {
    assertLines(
      await run(policy("eks-control-plane-logs"), [
        res(T.eks, "k8s", { enabledClusterLogTypes: ["authenticator", "api", "audit"] }),
      ]),
      [
        'mandatory k8s: [EKS.8 | CKV_AWS_37] aws.eks.Cluster "k8s" does not log controllerManager and scheduler: add them to enabledClusterLogTypes.',
      ],
    );
  });

  it("lists every missing log type, and follows requiredLogTypes", async () => {
    assertLines(
      await run(policy("eks-control-plane-logs"), [
        res(T.eks, "k8s", { enabledClusterLogTypes: ["api"] }),
      ]),
      [
        'mandatory k8s: [EKS.8 | CKV_AWS_37] aws.eks.Cluster "k8s" does not log audit, authenticator, controllerManager and scheduler: add them to enabledClusterLogTypes.',
      ],
    );
    assertClean(
      await run(
        policy("eks-control-plane-logs"),
        [res(T.eks, "k8s", { enabledClusterLogTypes: ["api"] })],
        configFor("eks-control-plane-logs", { requiredLogTypes: ["api"] }),
      ),
    );
  });
});
