import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("waf-logging", () => {
  it("waf-logging matches the logging configuration by ARN", async () => {
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
      'mandatory acl: [WAF.1 | WAF.11 | CKV2_AWS_31] aws.wafv2.WebAcl "acl" logs no requests: add an aws.wafv2.WebAclLoggingConfiguration with resourceArn = this web ACL\'s arn.',
    ]);
  });
});
