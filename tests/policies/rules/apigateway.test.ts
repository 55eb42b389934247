import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("apigateway-logging", () => {
  it("apigateway-logging covers REST and HTTP stages", async () => {
    const p = policy("apigateway-logging");
    assertClean(
      await run(p, [
        res(T.apiStage, "s", { accessLogSettings: { destinationArn: "arn", format: "{}" } }),
      ]),
    );
    assertLines(await run(p, [res(T.apiV2Stage, "s2", {})]), [
      'mandatory s2: [APIGateway.1 | APIGateway.9 | CKV_AWS_76] aws.apigatewayv2.Stage "s2" writes no access logs: set accessLogSettings { destinationArn: <log group ARN>, format }.',
    ]);
  });
});
