import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fleetCommand } from "../../../tools/fleet/cli";
import { OfflineRunner } from "../../../tools/fleet/offline";
import { loadRegistry, registryOf } from "../../../tools/fleet/registry";
import { PlanResource } from "../../../tools/offline/plan";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { synthesizeStack } from "../../../tools/offline/synthesize";
import { platformPlan } from "../../components/plan";

interface Report {
  stack: string;
  operation: string;
  accounts: Array<{
    stack: string;
    kind: string;
    accountId: string;
    result: string;
    resources: number;
    providers: number;
    durationMs: number;
    error?: string;
  }>;
}

async function offlineFleet(argv: string[]): Promise<{ code: number; report: Report }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fleet-offline-")), "fleet.json");
  const code = await fleetCommand(
    [...argv, "--offline", "--json", file],
    { out: () => undefined, err: () => undefined },
    { runner: (a) => new OfflineRunner(a.concurrency) },
  );
  return { code, report: JSON.parse(fs.readFileSync(file, "utf8")) as Report };
}

/** URN → inputs, for comparing two plans resource by resource. */
const byUrn = (plan: readonly PlanResource[]) =>
  Object.fromEntries(plan.map((r) => [r.urn, { inputs: r.inputs, provider: r.provider }]));

describe("npm run fleet --offline (mock cloud, policy gate on every stack)", function () {
  this.timeout(240_000);

  it("prod: the platform stack and one stack per registry member, each synthesized and gated", async () => {
    const { code, report } = await offlineFleet([
      "preview",
      "--stack",
      "prod",
      "--concurrency",
      "2",
    ]);
    assert.strictEqual(code, 0, JSON.stringify(report, null, 2));
    assert.strictEqual(report.stack, "prod");
    assert.strictEqual(report.operation, "preview");
    const registry = loadRegistry(PLATFORM_DIR, "prod");
    assert.deepStrictEqual(
      report.accounts.map((a) => [a.stack, a.kind, a.accountId, a.result, a.providers]),
      [
        ["prod", "platform", "123456789012", "succeeded", 3],
        ...registry.members.map((m) => [`prod-${m.id}`, "member", m.id, "succeeded", 1]),
      ],
    );
    for (const a of report.accounts) {
      assert.ok(a.resources > 0, `${a.stack} synthesized nothing`);
      assert.ok(Number.isInteger(a.durationMs) && a.durationMs > 0);
    }
  });

  it("dev: the platform stack has 3 providers, its member stack 1", async () => {
    const { code, report } = await offlineFleet(["up", "--stack", "dev", "--concurrency", "1"]);
    assert.strictEqual(code, 0, JSON.stringify(report, null, 2));
    assert.deepStrictEqual(
      report.accounts.map((a) => [a.kind, a.providers]),
      [
        ["platform", 3],
        ["member", 1],
      ],
    );
  });

  it("the platform stack's plan is the same with 3 and with 300 registered members", async () => {
    const prod = loadRegistry(PLATFORM_DIR, "prod");
    const generated = Array.from({ length: 300 }, (_, i) => ({
      id: String(700000000000 + i * 1013),
      name: `gen-${String(i).padStart(3, "0")}`,
      regions: i % 2 === 0 ? ["eu-west-1"] : ["eu-west-1", "us-east-1"],
    }));
    const big = registryOf({
      ...prod.platform,
      config: {
        ...prod.platform.config,
        "logging-platform:members": JSON.stringify(generated),
        "logging-platform:redshiftAudit": JSON.stringify({ clusters: [] }),
      },
    });
    assert.strictEqual(big.members.length, 300);
    const three = await platformPlan("prod");
    const many = await synthesizeStack(big.platform);
    assert.strictEqual(many.length, three.length);
    assert.deepStrictEqual(byUrn(many), byUrn(three));
  });
});
