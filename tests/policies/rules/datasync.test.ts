import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const TASK = "aws:datasync/task:Task";
const task = (props: Record<string, unknown>) =>
  res(TASK, "copy", { sourceLocationArn: "arn:src", destinationLocationArn: "arn:dst", ...props });

describe("datasync-logging", () => {
  it("wants a log group and a log level other than OFF", async () => {
    const p = policy("datasync-logging");
    const message =
      'mandatory copy: aws.datasync.Task "copy" logs no transfers: set cloudwatchLogGroupArn and options.logLevel "BASIC" or "TRANSFER".';
    assertClean(
      await run(p, [task({ cloudwatchLogGroupArn: "arn:group", options: { logLevel: "BASIC" } })]),
    );
    assertLines(await run(p, [task({})]), [message]);
    assertLines(
      await run(p, [task({ cloudwatchLogGroupArn: "arn:group", options: { logLevel: "OFF" } })]),
      [message],
    );
  });
});
