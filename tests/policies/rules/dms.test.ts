import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const TASK = "aws:dms/replicationTask:ReplicationTask";
const COMPONENTS = ["SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD"];
const task = (settings?: unknown) =>
  res(TASK, "migrate", {
    migrationType: "full-load-and-cdc",
    replicationInstanceArn: "arn:ri",
    replicationTaskId: "migrate",
    sourceEndpointArn: "arn:src",
    targetEndpointArn: "arn:dst",
    tableMappings: "{}",
    ...(settings === undefined ? {} : { replicationTaskSettings: JSON.stringify(settings) }),
  });
const logging = (severity: (id: string) => string) => ({
  Logging: {
    EnableLogging: true,
    LogComponents: COMPONENTS.map((Id) => ({ Id, Severity: severity(Id) })),
  },
});
const prefix = 'mandatory migrate: [DMS.7 | DMS.8] aws.dms.ReplicationTask "migrate"';

describe("dms-task-logging", () => {
  const p = policy("dms-task-logging");

  it("passes a task logging all four components at default severity", async () => {
    assertClean(await run(p, [task(logging(() => "LOGGER_SEVERITY_DEFAULT"))]));
  });

  it("flags a task without logging", async () => {
    assertLines(await run(p, [task()]), [
      `${prefix} does not log: set Logging.EnableLogging: true in replicationTaskSettings with LogComponents for SOURCE_CAPTURE, SOURCE_UNLOAD, TARGET_APPLY and TARGET_LOAD.`,
    ]);
  });

  it("names components logged below default severity", async () => {
    const d = await run(p, [
      task(
        logging((id) =>
          id.startsWith("TARGET") ? "LOGGER_SEVERITY_ERROR" : "LOGGER_SEVERITY_DEBUG",
        ),
      ),
    ]);
    assertLines(d, [
      `${prefix} does not log TARGET_APPLY and TARGET_LOAD: add them to Logging.LogComponents with Severity "LOGGER_SEVERITY_DEFAULT" or more.`,
    ]);
  });
});
