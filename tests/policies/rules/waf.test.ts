import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("waf-logging", () => {
  it("matches the logging configuration by ARN and claims WAFv2's control", async () => {
    const p = policy("waf-logging");
    const acl = res(
      T.webAcl,
      "acl",
      {},
      { outputs: { arn: "arn:aws:wafv2:x:1:regional/webacl/acl/1" } },
    );
    assertClean(
      await run(p, [
        acl,
        res(T.webAclLogging, "l", {
          resourceArn: "arn:aws:wafv2:x:1:regional/webacl/acl/1",
          logDestinationConfigs: ["x"],
        }),
      ]),
    );
    assertLines(await run(p, [acl]), [
      'mandatory acl: [WAF.11 | CKV2_AWS_31] aws.wafv2.WebAcl "acl" logs no requests: add an aws.wafv2.WebAclLoggingConfiguration with resourceArn = this web ACL\'s arn.',
    ]);
  });
});

describe("waf-classic-logging", () => {
  const p = policy("waf-classic-logging");
  const firehose = "arn:aws:firehose:us-east-1:1:deliverystream/aws-waf-logs-edge";

  it("checks global and regional WAF Classic web ACLs", async () => {
    for (const [type, cls] of [
      ["aws:waf/webAcl:WebAcl", "aws.waf.WebAcl"],
      ["aws:wafregional/webAcl:WebAcl", "aws.wafregional.WebAcl"],
    ]) {
      const base = { metricName: "edge", defaultAction: { type: "ALLOW" } };
      assertClean(
        await run(p, [
          res(type, "edge", { ...base, loggingConfiguration: { logDestination: firehose } }),
        ]),
      );
      assertLines(await run(p, [res(type, "edge", base)]), [
        `mandatory edge: [WAF.1 | CKV_AWS_176] ${cls} "edge" logs no requests: set loggingConfiguration.logDestination to the ARN of an "aws-waf-logs-" Firehose stream.`,
      ]);
    }
  });
});

describe("waf-rule-metrics", () => {
  const p = policy("waf-rule-metrics");
  const visible = { cloudwatchMetricsEnabled: true, metricName: "m", sampledRequestsEnabled: true };
  const rule = (name: string, metrics: boolean) => ({
    name,
    priority: 1,
    statement: {},
    visibilityConfig: { ...visible, cloudwatchMetricsEnabled: metrics },
  });

  it("passes a web ACL whose rules all publish metrics", async () => {
    assertClean(await run(p, [res(T.webAcl, "acl", { rules: [rule("rate", true)] })]));
  });

  it("names inline and JSON rules without metrics", async () => {
    const ruleJson = JSON.stringify([
      { Name: "geo", VisibilityConfig: { CloudWatchMetricsEnabled: false } },
    ]);
    assertLines(
      await run(p, [
        res(T.webAcl, "acl", { rules: [rule("rate", false), rule("ok", true)], ruleJson }),
      ]),
      [
        'advisory acl: [WAF.12] aws.wafv2.WebAcl "acl" rules "rate" and "geo" publish no CloudWatch metrics: set visibilityConfig.cloudwatchMetricsEnabled: true on each.',
      ],
    );
  });

  it("checks rules and rule group associations declared as their own resources", async () => {
    for (const [type, cls] of [
      ["aws:wafv2/webAclRule:WebAclRule", "aws.wafv2.WebAclRule"],
      [
        "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
        "aws.wafv2.WebAclRuleGroupAssociation",
      ],
    ]) {
      assertClean(await run(p, [res(type, "r", { webAclArn: "arn", visibilityConfig: visible })]));
      assertLines(await run(p, [res(type, "r", { webAclArn: "arn" })]), [
        `advisory r: [WAF.12] ${cls} "r" publishes no CloudWatch metrics: set visibilityConfig.cloudwatchMetricsEnabled: true.`,
      ]);
    }
  });
});
