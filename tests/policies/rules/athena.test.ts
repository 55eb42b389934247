import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("athena-workgroup", () => {
  it("is advisory: passes encrypted results and flags an ungoverned workgroup", async () => {
    const wg = {
      configuration: {
        resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS" } },
      },
    };
    assertClean(await run(policy("athena-workgroup"), [res(T.workgroup, "wg", wg)]));
    assertLines(
      await run(policy("athena-workgroup"), [
        res(T.workgroup, "wg", { configuration: { enforceWorkgroupConfiguration: false } }),
      ]),
      [
        'advisory wg: [Athena.4] aws.athena.Workgroup "wg" is not governed: set configuration.enforceWorkgroupConfiguration: true and configuration.resultConfiguration.encryptionConfiguration.encryptionOption "SSE_KMS".',
      ],
    );
  });
});
