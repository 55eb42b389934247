import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const CLUSTER = "aws:ecs/cluster:Cluster";
const prefix = "[ECS.9 | CKV_AWS_223 | CKV_AWS_224]";

const awslogs = (mode = "non-blocking") => ({
  logDriver: "awslogs",
  options: { "awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", mode },
});
const task = (containers: Record<string, unknown>[]) =>
  res(TASK, "app", { family: "app", containerDefinitions: JSON.stringify(containers) });

describe("ecs-logging: task definitions", () => {
  const p = policy("ecs-logging");

  it("passes containers that log in non-blocking mode", async () => {
    assertClean(await run(p, [task([{ name: "web", logConfiguration: awslogs() }])]));
  });

  it("names containers without a log driver, and blocking ones as advisory", async () => {
    assertLines(
      await run(p, [
        task([
          { name: "web", logConfiguration: awslogs("blocking") },
          { name: "sidecar" },
          { name: "proxy", logConfiguration: { options: {} } },
        ]),
      ]),
      [
        `mandatory app: ${prefix} aws.ecs.TaskDefinition "app" containers "sidecar" and "proxy" have no log driver: set logConfiguration { logDriver: "awslogs", options } on each.`,
        `advisory app: ${prefix} aws.ecs.TaskDefinition "app" container "web" logs in blocking mode, which stalls the container when the destination is slow: set logConfiguration.options.mode "non-blocking".`,
      ],
    );
  });

  it("fails container definitions that are not a JSON array", async () => {
    assertLines(await run(p, [res(TASK, "app", { family: "app", containerDefinitions: "{" })]), [
      `mandatory app: ${prefix} aws.ecs.TaskDefinition "app" containerDefinitions is not a JSON array: fix the document.`,
    ]);
  });
});

describe("ecs-logging: ECS Exec", () => {
  const p = policy("ecs-logging");
  const cluster = (exec?: Record<string, unknown>) =>
    res(CLUSTER, "apps", exec ? { configuration: { executeCommandConfiguration: exec } } : {});

  it("passes clusters without ECS Exec settings or with encrypted exec logs", async () => {
    assertClean(await run(p, [cluster()]));
    assertClean(
      await run(p, [
        cluster({
          kmsKeyId: "k",
          logging: "OVERRIDE",
          logConfiguration: {
            cloudWatchLogGroupName: "/ecs/exec",
            cloudWatchEncryptionEnabled: true,
          },
        }),
      ]),
    );
  });

  it("fails exec logging NONE, and unencrypted exec logs", async () => {
    assertLines(await run(p, [cluster({ logging: "NONE" })]), [
      `mandatory apps: ${prefix} aws.ecs.Cluster "apps" does not log ECS Exec sessions: set executeCommandConfiguration.logging "OVERRIDE" with an encrypted logConfiguration.`,
    ]);
    assertLines(await run(p, [cluster({ logging: "DEFAULT" })]), [
      `mandatory apps: ${prefix} aws.ecs.Cluster "apps" logs ECS Exec sessions unencrypted: set executeCommandConfiguration.kmsKeyId and executeCommandConfiguration.logConfiguration.cloudWatchEncryptionEnabled (or s3BucketEncryptionEnabled): true.`,
    ]);
  });
});
