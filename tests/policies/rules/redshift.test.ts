import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("redshift", () => {
  const p = policy("redshift-audit-logging");
  const params = res(T.redshiftParams, "params", {
    name: "audit",
    parameters: [{ name: "enable_user_activity_logging", value: "true" }],
  });
  const cluster = res(
    T.redshiftCluster,
    "wh",
    { clusterIdentifier: "wh", clusterParameterGroupName: "audit" },
    { deps: { clusterParameterGroupName: [params] } },
  );
  const logging = (props: Record<string, unknown>) =>
    res(
      T.redshiftLogging,
      "wh-logging",
      { clusterIdentifier: "wh", ...props },
      { deps: { clusterIdentifier: [cluster] } },
    );

  it("passes S3 or complete CloudWatch audit logging with user activity logging", async () => {
    assertClean(
      await run(p, [
        params,
        cluster,
        logging({ logDestinationType: "s3", bucketName: "audit-logs" }),
      ]),
    );
    assertClean(
      await run(p, [
        params,
        cluster,
        logging({
          logDestinationType: "cloudwatch",
          logExports: ["connectionlog", "userlog", "useractivitylog"],
        }),
      ]),
    );
  });

  it("flags missing logging, missing exports and the default parameter group", async () => {
    const bare = res(T.redshiftCluster, "wh", { clusterIdentifier: "wh" });
    assertLines(await run(p, [bare]), [
      'mandatory wh: [Redshift.4 | CKV_AWS_71] aws.redshift.Cluster "wh" has no audit logging: add an aws.redshift.Logging with clusterIdentifier = this cluster and logDestinationType "s3" (bucketName) or "cloudwatch" (logExports connectionlog, userlog and useractivitylog).',
      'mandatory wh: [Redshift.4 | CKV_AWS_71] aws.redshift.Cluster "wh" does not log user activity: set clusterParameterGroupName to an aws.redshift.ParameterGroup with parameter { name: "enable_user_activity_logging", value: "true" }.',
    ]);
    assertLines(
      await run(p, [
        params,
        cluster,
        logging({ logDestinationType: "cloudwatch", logExports: ["userlog"] }),
      ]),
      [
        `mandatory wh: [Redshift.4 | CKV_AWS_71] aws.redshift.Cluster "wh"'s aws.redshift.Logging is incomplete: logExports lacks connectionlog and useractivitylog.`,
      ],
    );
  });

  it("redshift-serverless-logging wants all three exports", async () => {
    const s = policy("redshift-serverless-logging");
    assertClean(
      await run(s, [
        res(T.serverlessNamespace, "ns", {
          namespaceName: "ns",
          logExports: ["userlog", "connectionlog", "useractivitylog"],
        }),
      ]),
    );
    assertLines(
      await run(s, [
        res(T.serverlessNamespace, "ns", { namespaceName: "ns", logExports: ["userlog"] }),
      ]),
      [
        'mandatory ns: [RedshiftServerless.6] aws.redshiftserverless.Namespace "ns" does not export connectionlog and useractivitylog: add them to logExports.',
      ],
    );
  });
});
