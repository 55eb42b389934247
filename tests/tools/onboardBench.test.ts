import * as assert from "assert";
import { parsePlatformConfig } from "../../components/config";
import { benchReport, generateMembers, perMemberSeconds } from "../../tools/bench/members";
import { validRawConfig } from "../components/config/fixtures";

describe("bench:synth generated members (the onboarding scale benchmark)", () => {
  it("generates distinct members that the stack's own validation accepts", () => {
    const members = generateMembers(200, ["eu-west-1", "eu-central-1"], ["111111111111"]);
    assert.strictEqual(new Set(members.map((m) => m.id)).size, 200);
    assert.strictEqual(new Set(members.map((m) => m.name)).size, 200);
    assert.deepStrictEqual(members.slice(0, 2), [
      { id: "900000000000", name: "bench-0000", regions: ["eu-west-1"] },
      { id: "900000001009", name: "bench-0001", regions: ["eu-west-1", "eu-central-1"] },
    ]);
    const config = parsePlatformConfig({ ...validRawConfig(), members });
    assert.strictEqual(config.members.length, 200);
  });

  it("refuses to generate a core account's id", () => {
    assert.throws(
      () => generateMembers(3, ["eu-west-1"], ["900000001009"]),
      /^Error: generated member id 900000001009 is a core account$/,
    );
  });

  it("reports time per member beyond the baseline and the ratio of the largest to the smallest", () => {
    const baseline = { members: 0, resources: 100, seconds: 5 };
    const rows = [
      { members: 10, resources: 175, seconds: 7 },
      { members: 200, resources: 1600, seconds: 45 },
    ];
    assert.strictEqual(perMemberSeconds(rows[0], baseline), 0.2);
    assert.strictEqual(
      benchReport(baseline, rows),
      [
        "| members | resources | resources/member | seconds | seconds/member (beyond 0 members) |",
        "|---:|---:|---:|---:|---:|",
        "| 0 | 100 | – | 5.00 | – |",
        "| 10 | 175 | 7.50 | 7.00 | 0.2000 |",
        "| 200 | 1600 | 7.50 | 45.00 | 0.2000 |",
        "",
        "per-member time ratio 200 vs 10 members: 1.00 (1.00 = linear; above 1 grows faster than the member count)",
      ].join("\n"),
    );
  });
});
