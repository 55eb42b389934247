import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("elb-access-logs", () => {
  it("elb-access-logs covers ALBs (by config also NLBs) and Classic Load Balancers", async () => {
    const p = policy("elb-access-logs");
    assertClean(await run(p, [res(T.alb, "alb", { accessLogs: { bucket: "b", enabled: true } })]));
    assertClean(await run(p, [res(T.alb, "nlb", { loadBalancerType: "network" })]));
    const msg = (n: string, cls: string) =>
      `mandatory ${n}: [ELB.5 | CKV_AWS_91] ${cls} "${n}" writes no access logs: set accessLogs { bucket: <log bucket>, enabled: true }.`;
    assertLines(await run(p, [res(T.alb, "alb", { accessLogs: { bucket: "b" } })]), [
      msg("alb", "aws.lb.LoadBalancer"),
    ]);
    assertLines(await run(p, [res(T.elb, "clb", {})]), [msg("clb", "aws.elb.LoadBalancer")]);
    assertLines(
      await run(
        p,
        [res(T.alb, "nlb", { loadBalancerType: "network" })],
        configFor("elb-access-logs", { loadBalancerTypes: ["application", "network"] }),
      ),
      [msg("nlb", "aws.lb.LoadBalancer")],
    );
  });
});
