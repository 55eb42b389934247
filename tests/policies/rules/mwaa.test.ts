import { policies } from "../../../policies/rules";
import { assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const ENV = "aws:mwaa/environment:Environment";
const MODULES = ["dagProcessingLogs", "schedulerLogs", "taskLogs", "webserverLogs", "workerLogs"];
const environment = (loggingConfiguration?: Record<string, unknown>) =>
  res(ENV, "airflow", {
    executionRoleArn: "arn",
    sourceBucketArn: "arn:aws:s3:::dags",
    dagS3Path: "dags/",
    networkConfiguration: { securityGroupIds: ["sg"], subnetIds: ["a", "b"] },
    ...(loggingConfiguration ? { loggingConfiguration } : {}),
  });

describe("mwaa-logging", () => {
  const p = policy("mwaa-logging");

  it("passes an environment that enables every module", async () => {
    const all = Object.fromEntries(MODULES.map((m) => [m, { enabled: true, logLevel: "INFO" }]));
    assertClean(await run(p, [environment(all)]));
  });

  it("names the disabled modules, counting task logs on by default", async () => {
    assertLines(await run(p, [environment({ schedulerLogs: { enabled: true } })]), [
      'mandatory airflow: [CKV_AWS_242 | CKV_AWS_243 | CKV_AWS_244] aws.mwaa.Environment "airflow" does not log dagProcessingLogs, webserverLogs and workerLogs: set loggingConfiguration.<module> { enabled: true } for each.',
    ]);
  });

  it("follows requiredLogs", async () => {
    assertClean(
      await run(
        p,
        [
          environment({
            schedulerLogs: { enabled: true },
            webserverLogs: { enabled: true },
            workerLogs: { enabled: true },
          }),
        ],
        configFor("mwaa-logging", {
          requiredLogs: ["schedulerLogs", "webserverLogs", "workerLogs"],
        }),
      ),
    );
  });
});
