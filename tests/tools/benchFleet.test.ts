import * as assert from "assert";
import { parsePlatformConfig } from "../../components/config";
import {
  fleetBenchReport,
  generateMembers,
  median,
  modelledPluginMemory,
  singleStackProviders,
} from "../../tools/bench/members";
import { validRawConfig } from "../components/config/fixtures";

describe("bench:fleet: generated members, the provider model and the report", () => {
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

  it("models the single-stack layout's providers: one per (account, Region) in use", () => {
    const governed = ["eu-west-1", "eu-central-1", "us-east-1"];
    // prod's three members: 2 + 1 + 2 Regions, plus management, audit and log-archive x 3.
    const prod = [{ regions: ["a", "b"] }, { regions: ["a"] }, { regions: ["a", "c"] }];
    assert.strictEqual(singleStackProviders(governed, prod), 10);
    const thousand = generateMembers(1000, governed, []);
    assert.strictEqual(singleStackProviders(governed, thousand), 5 + 1500);
    assert.strictEqual(modelledPluginMemory(3), "0.9–1.3 GB");
    assert.strictEqual(modelledPluginMemory(1505), "452–647 GB");
  });

  it("takes the median of the warm member timings", () => {
    assert.strictEqual(median([5, 1, 3]), 3);
    assert.strictEqual(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), /the median of no values/);
  });

  it("reports each size, the per-member ratio against its target and failed stacks", () => {
    const row = (members: number, ms: number, rss: number, failed = 0) => ({
      members,
      memberSynthMedianMs: ms - 30,
      memberWallMedianMs: ms * 2,
      memberGateCpuMs: 20,
      memberGateWallMedianMs: 45,
      memberOrchestratorCpuMs: 10,
      failed,
      orchestratorPeakMiB: rss,
      workerPeakMiB: 300,
      platformResources: 251,
      platformProviders: 3,
      largestStackProviders: 3,
      singleStackProviders: 5 + members * 1.5,
      wallSeconds: members / 10,
    });
    const report = fleetBenchReport([row(10, 100, 180), row(1000, 110, 240, 2)], 4);
    assert.match(
      report,
      /\| 10 \| 70 \+ 20 \+ 10 = 100 \| 200 \/ 45 \| 180 \| 300 \| 251 \| 3 \| 3 \| 0\.9–1\.3 GB \| 20 \| 6\.0–8\.6 GB \| 1 \|/,
    );
    assert.match(report, /per-member CPU time 1000 vs 10 members: 1\.10x \(target: within 1\.3x\)/);
    assert.match(
      report,
      /orchestrator peak RSS at 1000 members: 240 MiB \(target: under 1024 MiB\)/,
    );
    assert.match(report, /FAILED member stacks at 1000: 2/);
    assert.doesNotMatch(report, /gate CPU n\/a/);
  });

  it("says so when the pack's CPU time is unknown instead of counting it as zero", () => {
    const report = fleetBenchReport(
      [
        {
          members: 10,
          memberSynthMedianMs: 60,
          memberWallMedianMs: 120,
          memberGateCpuMs: null,
          memberGateWallMedianMs: 40,
          memberOrchestratorCpuMs: 5,
          failed: 0,
          orchestratorPeakMiB: 200,
          workerPeakMiB: 300,
          platformResources: 317,
          platformProviders: 3,
          largestStackProviders: 3,
          singleStackProviders: 20,
          wallSeconds: 11,
        },
      ],
      4,
    );
    assert.match(report, /\| 10 \| 60 \+ n\/a \+ 5 = 65 \| 120 \/ 40 \|/);
    assert.match(report, /gate CPU n\/a: \/proc does not report the pack process's CPU time here/);
  });
});
