import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const ZONE = "aws:route53/zone:Zone";
const QUERY_LOG = "aws:route53/queryLog:QueryLog";

describe("route53-query-logging", () => {
  const p = policy("route53-query-logging");
  const zone = res(ZONE, "public", { name: "example.com" }, { outputs: { zoneId: "Z1" } });

  it("passes a public zone with a query log and ignores private zones", async () => {
    assertClean(
      await run(p, [
        zone,
        res(
          QUERY_LOG,
          "q",
          { zoneId: "Z1", cloudwatchLogGroupArn: "arn" },
          { deps: { zoneId: [zone] } },
        ),
        res(ZONE, "internal", { name: "corp.internal", vpcs: [{ vpcId: "vpc-1" }] }),
      ]),
    );
  });

  it("fails a public zone without a query log", async () => {
    assertLines(
      await run(p, [zone, res(QUERY_LOG, "other", { zoneId: "Z2", cloudwatchLogGroupArn: "arn" })]),
      [
        'mandatory public: [CKV2_AWS_39] aws.route53.Zone "public" logs no DNS queries: add an aws.route53.QueryLog with zoneId = this zone\'s zoneId and a cloudwatchLogGroupArn in us-east-1.',
      ],
    );
  });
});
