import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const CLUSTER = "aws:neptune/cluster:Cluster";

describe("neptune-audit-logs", () => {
  it("wants audit among the exported logs", async () => {
    const p = policy("neptune-audit-logs");
    assertClean(
      await run(p, [
        res(CLUSTER, "graph", { enableCloudwatchLogsExports: ["audit", "slowquery"] }),
      ]),
    );
    assertLines(
      await run(p, [res(CLUSTER, "graph", { enableCloudwatchLogsExports: ["slowquery"] })]),
      [
        'mandatory graph: [Neptune.2 | CKV_AWS_101] aws.neptune.Cluster "graph" does not export audit logs: add "audit" to enableCloudwatchLogsExports.',
      ],
    );
  });
});
