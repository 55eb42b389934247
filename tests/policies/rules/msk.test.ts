import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("msk-broker-logs", () => {
  it("is advisory: passes CloudWatch broker logs and flags a cluster without any", async () => {
    assertClean(
      await run(policy("msk-broker-logs"), [
        res(T.msk, "k", {
          loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: "g" } } },
        }),
      ]),
    );
    assertLines(await run(policy("msk-broker-logs"), [res(T.msk, "k", {})]), [
      'advisory k: [CKV_AWS_80] aws.msk.Cluster "k" keeps no broker logs: enable loggingInfo.brokerLogs.cloudwatchLogs, firehose or s3.',
    ]);
  });
});
