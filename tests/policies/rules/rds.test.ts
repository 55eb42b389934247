import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("rds-log-exports", () => {
  it("passes a cluster that exports logs and flags an instance that exports none", async () => {
    assertClean(
      await run(policy("rds-log-exports"), [
        res(T.rdsCluster, "db", { enabledCloudwatchLogsExports: ["postgresql"] }),
      ]),
    );
    assertLines(await run(policy("rds-log-exports"), [res(T.rdsInstance, "db", {})]), [
      'mandatory db: [RDS.9 | RDS.34 | RDS.36 | RDS.37 | RDS.40 | CKV_AWS_129] aws.rds.Instance "db" exports no database logs: set enabledCloudwatchLogsExports to the engine\'s log types.',
    ]);
  });
});
