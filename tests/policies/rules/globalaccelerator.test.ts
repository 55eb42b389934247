import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("globalaccelerator-flow-logs", () => {
  it("checks standard and custom routing accelerators", async () => {
    const p = policy("globalaccelerator-flow-logs");
    for (const [type, cls] of [
      ["aws:globalaccelerator/accelerator:Accelerator", "aws.globalaccelerator.Accelerator"],
      [
        "aws:globalaccelerator/customRoutingAccelerator:CustomRoutingAccelerator",
        "aws.globalaccelerator.CustomRoutingAccelerator",
      ],
    ]) {
      assertClean(
        await run(p, [
          res(type, "edge", {
            attributes: {
              flowLogsEnabled: true,
              flowLogsS3Bucket: "flow-logs",
              flowLogsS3Prefix: "ga/",
            },
          }),
        ]),
      );
      assertLines(await run(p, [res(type, "edge", { attributes: { flowLogsEnabled: true } })]), [
        `mandatory edge: [CKV_AWS_75] ${cls} "edge" writes no flow logs: set attributes { flowLogsEnabled: true, flowLogsS3Bucket, flowLogsS3Prefix }.`,
      ]);
    }
  });
});
