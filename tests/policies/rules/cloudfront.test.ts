import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("cloudfront-logging", () => {
  it("passes a distribution that logs to a bucket", async () => {
    assertClean(
      await run(policy("cloudfront-logging"), [
        res(T.distribution, "cdn", {
          loggingConfig: { bucket: "access-logs.s3.amazonaws.com", prefix: "cdn/" },
        }),
      ]),
    );
  });

  it("flags a distribution that writes no access logs", async () => {
    assertLines(await run(policy("cloudfront-logging"), [res(T.distribution, "cdn", {})]), [
      'mandatory cdn: [CloudFront.5 | CKV_AWS_86] aws.cloudfront.Distribution "cdn" writes no access logs: set loggingConfig.bucket to the log bucket\'s domain name.',
    ]);
  });
});
