import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("lambda-logging", () => {
  const p = policy("lambda-logging");
  const group = res(T.logGroup, "fn-logs", { name: "/aws/lambda/fn", retentionInDays: 365 });

  it("passes JSON logs into a managed group with retention", async () => {
    assertClean(
      await run(p, [
        group,
        res(T.lambda, "fn", { name: "fn", loggingConfig: { logFormat: "JSON" } }),
      ]),
    );
  });

  it("flags text logs and an unmanaged group", async () => {
    assertLines(
      await run(p, [res(T.lambda, "fn", { name: "fn", loggingConfig: { logFormat: "Text" } })]),
      [
        'advisory fn: aws.lambda.Function "fn" logs plain text: set loggingConfig.logFormat to "JSON" so log fields can be queried.',
        'advisory fn: aws.lambda.Function "fn" writes to log group /aws/lambda/fn, which this stack does not manage, so Lambda creates it without retention: declare an aws.cloudwatch.LogGroup named /aws/lambda/fn with retentionInDays.',
      ],
    );
  });

  it("follows loggingConfig.logGroup to the managed group", async () => {
    const custom = res(T.logGroup, "custom", { name: "/app/fn" });
    const fn = res(
      T.lambda,
      "fn",
      { name: "fn", loggingConfig: { logFormat: "JSON", logGroup: "/app/fn" } },
      { deps: { loggingConfig: [custom] } },
    );
    assertLines(await run(p, [custom, fn]), [
      'advisory fn: aws.lambda.Function "fn" logs to /app/fn, which never expires events: set retentionInDays on aws.cloudwatch.LogGroup "custom".',
    ]);
  });
});
