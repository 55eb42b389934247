import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const prefix = 'mandatory sm: [StepFunctions.1 | CKV_AWS_285] aws.sfn.StateMachine "sm"';
const machine = (logging: Record<string, unknown> | undefined) =>
  res(T.stateMachine, "sm", logging === undefined ? {} : { loggingConfiguration: logging });
const good = { level: "ERROR", includeExecutionData: true, logDestination: "arn:aws:logs:x:*" };

describe("sfn-logging", () => {
  const p = policy("sfn-logging");

  it("passes a level, execution data and a destination", async () => {
    assertClean(await run(p, [machine(good)]));
  });

  it("wants a level and a destination", async () => {
    assertLines(await run(p, [machine(undefined)]), [
      `${prefix} logs at level OFF: set loggingConfiguration.level to "ALL", "ERROR" or "FATAL" and logDestination.`,
    ]);
    assertLines(
      await run(
        p,
        [machine({ ...good, level: "ERROR" })],
        configFor("sfn-logging", { acceptedLevels: ["ALL"] }),
      ),
      [
        `${prefix} logs at level ERROR: set loggingConfiguration.level to "ALL" and logDestination.`,
      ],
    );
  });

  it("wants execution data, unless config waives it", async () => {
    const withoutData = { level: "ALL", logDestination: "arn:aws:logs:x:*" };
    assertLines(await run(p, [machine(withoutData)]), [
      `${prefix} logs execution events without their input and output: set loggingConfiguration.includeExecutionData: true.`,
    ]);
    assertClean(
      await run(
        p,
        [machine(withoutData)],
        configFor("sfn-logging", { requireExecutionData: false }),
      ),
    );
  });
});
