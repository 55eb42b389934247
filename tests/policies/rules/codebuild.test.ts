import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const PROJECT = "aws:codebuild/project:Project";
const prefix =
  'mandatory build: [CodeBuild.3 | CodeBuild.4 | CKV_AWS_311 | CKV_AWS_314] aws.codebuild.Project "build"';
const project = (logsConfig?: Record<string, unknown>) =>
  res(PROJECT, "build", {
    serviceRole: "arn",
    artifacts: { type: "NO_ARTIFACTS" },
    environment: { computeType: "BUILD_GENERAL1_SMALL", image: "img", type: "LINUX_CONTAINER" },
    source: { type: "NO_SOURCE", buildspec: "version: 0.2" },
    ...(logsConfig ? { logsConfig } : {}),
  });

describe("codebuild-logging", () => {
  const p = policy("codebuild-logging");

  it("passes a declared CloudWatch group or encrypted S3 logs", async () => {
    assertClean(await run(p, [project({ cloudwatchLogs: { groupName: "/codebuild/build" } })]));
    assertClean(await run(p, [project({ s3Logs: { status: "ENABLED", location: "logs/build" } })]));
  });

  it("asks for a declared destination when logsConfig is absent or everything is off", async () => {
    const message = `${prefix} declares no build log destination: set logsConfig.cloudwatchLogs { status: "ENABLED", groupName } or logsConfig.s3Logs { status: "ENABLED", location }.`;
    assertLines(await run(p, [project()]), [message]);
    assertLines(
      await run(p, [
        project({ cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "DISABLED" } }),
      ]),
      [message],
    );
  });

  it("fails S3 build logs with encryption disabled", async () => {
    assertLines(
      await run(p, [
        project({ s3Logs: { status: "ENABLED", location: "l", encryptionDisabled: true } }),
      ]),
      [
        `${prefix} writes build logs to S3 unencrypted: remove logsConfig.s3Logs.encryptionDisabled.`,
      ],
    );
  });
});
