import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("config-recorder-all", () => {
  it("config-recorder-all wants all supported and global types", async () => {
    const p = policy("config-recorder-all");
    assertClean(
      await run(p, [
        res(T.recorder, "r", {
          roleArn: "x",
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        }),
      ]),
    );
    assertLines(await run(p, [res(T.recorder, "r", { roleArn: "x" })]), [
      'advisory r: [Config.1 | CIS 3.3] aws.cfg.Recorder "r" skips global resources such as IAM: set recordingGroup.includeGlobalResourceTypes: true.',
    ]);
  });
});
