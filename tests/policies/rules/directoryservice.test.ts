import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const DIRECTORY = "aws:directoryservice/directory:Directory";
const SUBSCRIPTION = "aws:directoryservice/logSubscription:LogSubscription";

describe("directoryservice-log-forwarding", () => {
  it("wants a log subscription for every directory", async () => {
    const p = policy("directoryservice-log-forwarding");
    const directory = res(
      DIRECTORY,
      "corp",
      { name: "corp.example.com", password: "x" },
      { outputs: { id: "d-1" } },
    );
    assertClean(
      await run(p, [
        directory,
        res(
          SUBSCRIPTION,
          "logs",
          { directoryId: "d-1", logGroupName: "/aws/directoryservice/d-1" },
          { deps: { directoryId: [directory] } },
        ),
      ]),
    );
    assertLines(await run(p, [directory]), [
      'mandatory corp: aws.directoryservice.Directory "corp" forwards no security logs: add an aws.directoryservice.LogSubscription with directoryId = this directory\'s id and a logGroupName.',
    ]);
  });
});
