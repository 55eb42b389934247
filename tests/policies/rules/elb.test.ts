import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const ALB_ALIAS = "aws:alb/loadBalancer:LoadBalancer";
const msg = (n: string, cls: string) =>
  `mandatory ${n}: [ELB.5 | CKV_AWS_91 | CKV_AWS_92] ${cls} "${n}" writes no access logs: set accessLogs { bucket: <log bucket>, enabled: true }.`;

describe("elb-access-logs", () => {
  const p = policy("elb-access-logs");
  const logged = { accessLogs: { bucket: "b", enabled: true } };

  it("passes logging ALBs, NLBs and Classic Load Balancers", async () => {
    assertClean(await run(p, [res(T.alb, "alb", logged)]));
    assertClean(await run(p, [res(T.alb, "nlb", { loadBalancerType: "network", ...logged })]));
    assertClean(await run(p, [res(ALB_ALIAS, "old", logged)]));
    assertClean(await run(p, [res(T.elb, "clb", { accessLogs: { bucket: "b" } })]));
  });

  it("flags ALBs, NLBs (by default), the aws.alb alias and Classic Load Balancers", async () => {
    assertLines(await run(p, [res(T.alb, "alb", { accessLogs: { bucket: "b" } })]), [
      msg("alb", "aws.lb.LoadBalancer"),
    ]);
    assertLines(await run(p, [res(T.alb, "nlb", { loadBalancerType: "network" })]), [
      msg("nlb", "aws.lb.LoadBalancer"),
    ]);
    assertLines(await run(p, [res(ALB_ALIAS, "old", {})]), [msg("old", "aws.alb.LoadBalancer")]);
    assertLines(await run(p, [res(T.elb, "clb", {})]), [msg("clb", "aws.elb.LoadBalancer")]);
  });

  it("skips Gateway Load Balancers, which have no access logs, and types config leaves out", async () => {
    assertClean(await run(p, [res(T.alb, "gwlb", { loadBalancerType: "gateway" })]));
    assertClean(
      await run(
        p,
        [res(T.alb, "nlb", { loadBalancerType: "network" })],
        configFor("elb-access-logs", { loadBalancerTypes: ["application"] }),
      ),
    );
  });
});
