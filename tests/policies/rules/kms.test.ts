import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("kms-rotation", () => {
  it("kms-rotation skips asymmetric keys and checks the rotation period", async () => {
    const p = policy("kms-rotation");
    assertClean(await run(p, [res(T.key, "k", { enableKeyRotation: true })]));
    assertClean(
      await run(p, [
        res(T.key, "sign", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
      ]),
    );
    assertLines(
      await run(p, [res(T.key, "k", { enableKeyRotation: true, rotationPeriodInDays: 730 })]),
      [
        'mandatory k: [KMS.4 | CIS 3.6 | CKV_AWS_7] aws.kms.Key "k" rotates every 730 days: set rotationPeriodInDays to at most 365.',
      ],
    );
    assertClean(
      await run(
        p,
        [res(T.key, "k", { enableKeyRotation: true, rotationPeriodInDays: 730 })],
        configFor("kms-rotation", { maxRotationPeriodDays: 730 }),
      ),
    );
  });
});
