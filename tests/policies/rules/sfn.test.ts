import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("sfn-logging", () => {
  it("sfn-logging wants a level and a destination", async () => {
    const p = policy("sfn-logging");
    assertClean(
      await run(p, [
        res(T.stateMachine, "sm", {
          loggingConfiguration: { level: "ERROR", logDestination: "arn:aws:logs:x:*" },
        }),
      ]),
    );
    assertLines(await run(p, [res(T.stateMachine, "sm", {})]), [
      'mandatory sm: [StepFunctions.1 | CKV_AWS_285] aws.sfn.StateMachine "sm" logs at level OFF: set loggingConfiguration.level to "ALL", "ERROR" or "FATAL" and logDestination.',
    ]);
    assertLines(
      await run(
        p,
        [
          res(T.stateMachine, "sm", {
            loggingConfiguration: { level: "ERROR", logDestination: "x" },
          }),
        ],
        configFor("sfn-logging", { acceptedLevels: ["ALL"] }),
      ),
      [
        'mandatory sm: [StepFunctions.1 | CKV_AWS_285] aws.sfn.StateMachine "sm" logs at level ERROR: set loggingConfiguration.level to "ALL" and logDestination.',
      ],
    );
  });
});
