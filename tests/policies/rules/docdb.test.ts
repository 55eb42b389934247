import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const CLUSTER = "aws:docdb/cluster:Cluster";
const GROUP = "aws:docdb/clusterParameterGroup:ClusterParameterGroup";
const prefix = "[DocumentDB.4 | CKV_AWS_85 | CKV_AWS_104]";

describe("docdb-audit-logs", () => {
  const p = policy("docdb-audit-logs");

  it("passes a cluster exporting audit and profiler logs and a group that audits", async () => {
    assertClean(
      await run(p, [
        res(CLUSTER, "docs", { enabledCloudwatchLogsExports: ["profiler", "audit"] }),
        res(GROUP, "audit", {
          family: "docdb5.0",
          parameters: [{ name: "audit_logs", value: "ddl,dml_write" }],
        }),
      ]),
    );
  });

  it("names the missing exports", async () => {
    assertLines(await run(p, [res(CLUSTER, "docs", { enabledCloudwatchLogsExports: ["audit"] })]), [
      `mandatory docs: ${prefix} aws.docdb.Cluster "docs" does not export "profiler": add them to enabledCloudwatchLogsExports.`,
    ]);
  });

  it("fails parameter groups that leave auditing off", async () => {
    for (const parameters of [
      [],
      [{ name: "audit_logs", value: "disabled" }],
      [{ name: "audit_logs", value: "dml_read" }],
    ]) {
      assertLines(await run(p, [res(GROUP, "g", { family: "docdb5.0", parameters })]), [
        `mandatory g: ${prefix} aws.docdb.ClusterParameterGroup "g" leaves auditing off: set parameter { name: "audit_logs", value: "enabled" } (or "ddl", "all").`,
      ]);
    }
  });
});
