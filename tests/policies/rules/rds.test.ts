import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const CONTROLS =
  "[RDS.9 | RDS.34 | RDS.36 | RDS.37 | RDS.40 | CKV_AWS_129 | CKV_AWS_324 | CKV_AWS_325]";

describe("rds-log-exports", () => {
  const p = policy("rds-log-exports");

  it("passes databases that export their engine's logs", async () => {
    assertClean(
      await run(p, [
        res(T.rdsCluster, "aurora", {
          engine: "aurora-mysql",
          enabledCloudwatchLogsExports: ["audit", "error", "slowquery"],
        }),
        res(T.rdsCluster, "pg", {
          engine: "aurora-postgresql",
          enabledCloudwatchLogsExports: ["postgresql"],
        }),
        res(T.rdsInstance, "maria", { engine: "mariadb", enabledCloudwatchLogsExports: ["error"] }),
      ]),
    );
  });

  it("flags an instance that exports nothing", async () => {
    assertLines(await run(p, [res(T.rdsInstance, "db", { engine: "mysql" })]), [
      `mandatory db: ${CONTROLS} aws.rds.Instance "db" exports no database logs: set enabledCloudwatchLogsExports to the engine's log types.`,
    ]);
  });

  it("requires audit on Aurora MySQL and MySQL clusters (RDS.34)", async () => {
    for (const engine of ["aurora-mysql", "aurora", "mysql"]) {
      assertLines(
        await run(p, [
          res(T.rdsCluster, "db", { engine, enabledCloudwatchLogsExports: ["error", "slowquery"] }),
        ]),
        [
          `mandatory db: ${CONTROLS} aws.rds.Cluster "db" (${engine}) does not export "audit": add it to enabledCloudwatchLogsExports.`,
        ],
      );
    }
    assertLines(await run(p, [res(T.rdsCluster, "db", { engine: "aurora-mysql" })]), [
      `mandatory db: ${CONTROLS} aws.rds.Cluster "db" exports no database logs: set enabledCloudwatchLogsExports to the engine's log types, including "audit".`,
    ]);
  });

  it("requires postgresql logs from PostgreSQL, and follows config", async () => {
    assertLines(
      await run(p, [
        res(T.rdsInstance, "pg", { engine: "postgres", enabledCloudwatchLogsExports: ["upgrade"] }),
      ]),
      [
        `mandatory pg: ${CONTROLS} aws.rds.Instance "pg" (postgres) does not export "postgresql": add it to enabledCloudwatchLogsExports.`,
      ],
    );
    assertClean(
      await run(
        p,
        [
          res(T.rdsCluster, "db", {
            engine: "aurora-mysql",
            enabledCloudwatchLogsExports: ["error"],
          }),
        ],
        configFor("rds-log-exports", { clusterLogTypes: { "aurora-mysql": ["error"] } }),
      ),
    );
  });
});

describe("rds-postgres-query-logging", () => {
  const p = policy("rds-postgres-query-logging");
  const CLUSTER_PG = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
  const PG = "aws:rds/parameterGroup:ParameterGroup";
  const params = (statement: string) => [
    { name: "log_statement", value: statement },
    { name: "log_min_duration_statement", value: "1000" },
  ];
  const clusterGroup = (statement: string) =>
    res(CLUSTER_PG, "logged", {
      name: "logged",
      family: "aurora-postgresql16",
      parameters: params(statement),
    });
  const cluster = (props: Record<string, unknown>) =>
    res(T.rdsCluster, "pg", { engine: "aurora-postgresql", ...props });

  it("passes a cluster whose parameter group logs statements", async () => {
    assertClean(
      await run(p, [clusterGroup("ddl"), cluster({ dbClusterParameterGroupName: "logged" })]),
    );
  });

  it("flags the default group, a group that logs nothing, and a group elsewhere", async () => {
    const prefix = 'advisory pg: [CKV2_AWS_27 | CKV2_AWS_30] aws.rds.Cluster "pg"';
    assertLines(await run(p, [cluster({})]), [
      `${prefix} uses the default parameter group, which logs no statements: set dbClusterParameterGroupName to an aws.rds.ClusterParameterGroup with log_statement and log_min_duration_statement.`,
    ]);
    assertLines(
      await run(p, [clusterGroup("none"), cluster({ dbClusterParameterGroupName: "logged" })]),
      [
        `${prefix} logs no statements: set log_statement on its aws.rds.ClusterParameterGroup "logged".`,
      ],
    );
    assertLines(await run(p, [cluster({ dbClusterParameterGroupName: "shared" })]), [
      `${prefix} uses parameter group shared, which this stack does not manage, so its query logging is not checked here.`,
    ]);
  });

  it("checks PostgreSQL instances through aws.rds.ParameterGroup and ignores other engines", async () => {
    const group = res(PG, "g", { name: "g", family: "postgres16", parameters: [params("all")[0]] });
    assertLines(
      await run(p, [
        group,
        res(T.rdsInstance, "db", { engine: "postgres", parameterGroupName: "g" }),
      ]),
      [
        'advisory db: [CKV2_AWS_27 | CKV2_AWS_30] aws.rds.Instance "db" logs no statements: set log_min_duration_statement on its aws.rds.ParameterGroup "g".',
      ],
    );
    assertClean(await run(p, [res(T.rdsInstance, "db", { engine: "mysql" })]));
  });
});
