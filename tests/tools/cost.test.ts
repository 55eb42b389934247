import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parsePlatformConfig, PlatformConfig } from "../../components/config";
import { INTERFACE_ENDPOINT_SERVICES } from "../../components/analytics/network";
import { CIS_CONTROLS } from "../../components/foundation/cisPatterns";
import { CIS_ALARMS, INTERFACE_ENDPOINTS } from "../../tools/cost/assumptions";
import { costColumns, README_ACCOUNTS, README_STACKS, runCost } from "../../tools/cost/cli";
import { CostModelError, estimate, fullRetentionDay } from "../../tools/cost/model";
import { assumptionsTable, costTable, pricesTable, usd } from "../../tools/cost/render";
import { PLATFORM_DIR } from "../../tools/offline/resolveStack";
import { validRawConfig } from "../components/config/fixtures";

const MONTH = 365 / 12;

/** The fixture's config (features off, analytics defaults), with `change` applied to the raw map. */
function config(change: (raw: Record<string, unknown>) => void = () => undefined): PlatformConfig {
  const raw = validRawConfig() as unknown as Record<string, unknown>;
  change(raw);
  return parsePlatformConfig(raw);
}

/** The text between `<!-- name:start -->` and `<!-- name:end -->` of a repository file. */
function between(file: string, name: string): string {
  const text = fs.readFileSync(path.join(PLATFORM_DIR, file), "utf8");
  const start = text.indexOf(`<!-- ${name}:start -->\n`);
  const end = text.indexOf(`<!-- ${name}:end -->`);
  assert.ok(start >= 0 && end > start, `${file} has no ${name} markers`);
  return text.slice(start + `<!-- ${name}:start -->\n`.length, end).trim();
}

describe("cost estimate (tools/cost)", () => {
  it("prices what the configuration turns on, and nothing it leaves off", () => {
    const off = estimate(config(), 10, 365).lines;
    assert.strictEqual(off.dataEvents, 0);
    assert.strictEqual(off.insights, 0);
    assert.strictEqual(off.lake, 0);
    const on = estimate(
      config((r) => {
        r.features = { dataEvents: true, insights: true, cloudTrailLake: true };
        r.cloudTrailLake = { billingMode: "FIXED_RETENTION_PRICING", retentionDays: 2557 };
      }),
      10,
      365,
    ).lines;
    // 10 accounts × 500,000 data events a day at $0.10 per 100,000.
    assert.ok(Math.abs(on.dataEvents - ((10 * 500_000 * MONTH) / 1e5) * 0.1) < 1e-9);
    // Management events analyzed once, write events (20%) twice, at $0.35 per 100,000.
    assert.ok(Math.abs(on.insights - ((10 * 50_000 * MONTH * 1.2) / 1e5) * 0.35) < 1e-9);
    // Management events only, 1,100 bytes each, at $2.50 per GB (seven-year pricing).
    assert.ok(Math.abs(on.lake - ((10 * 50_000 * 1100) / 1e9) * MONTH * 2.5) < 1e-9);
  });

  it("splits the archive by the lifecycle: Standard until hotDays, then the archive class", () => {
    const c = config(); // hotDays 90, archiveDays 400, GLACIER_IR
    // GB stored a day: CloudTrail 0.55/9.5, flow logs 10/8, CloudWatch 10/6, ALB 5/6.4.
    const perDay = 0.55 / 9.5 + 10 / 8 + 10 / 6 + 5 / 6.4;
    const at365 = estimate(c, 10, 365).lines;
    assert.ok(Math.abs(at365.archiveHot - perDay * 90 * 0.023) < 1e-9);
    assert.ok(Math.abs(at365.archiveCold - perDay * (365 - 90) * 0.004) < 1e-9);
    const atEnd = estimate(c, 10, 3000).lines;
    assert.ok(Math.abs(atEnd.archiveCold - perDay * (400 - 90) * 0.004) < 1e-9);
    assert.strictEqual(fullRetentionDay(c), 400);
  });

  it("prices a persistent EMR cluster all month and a transient one per scheduled run", () => {
    const persistent = config((r) => {
      r.analytics = {
        emr: { mode: "persistent", idleTimeoutMinutes: 2880, primaryInstanceType: "m7g.2xlarge" },
      };
    });
    // m7g.2xlarge primary + 2 × m7g.xlarge core, EC2 + EMR per hour; 3 × 64 GiB of gp3.
    const hourly = 0.3264 + 0.0816 + 2 * (0.1632 + 0.0408);
    const emr = estimate(persistent, 10, 365).lines.emr;
    assert.ok(Math.abs(emr - (730 * hourly + 3 * 64 * 0.08)) < 1e-9);

    const oneSchedule = config((r) => {
      r.analytics = { emr: { schedules: { vpcflow: "cron(45 1 * * ? *)" } } };
    });
    // A quarter hour of overhead plus 10 GB of flow logs at 76 MB per CPU-second on
    // 2 × 4 vCPUs at half efficiency, every day, on 3 m7g.xlarge nodes.
    const hours = (0.25 + 10_000 / 76 / 4 / 3600) * MONTH;
    const expected = hours * 3 * 0.204 + (3 * 64 * 0.08 * hours) / 730;
    assert.ok(Math.abs(estimate(oneSchedule, 10, 365).lines.emr - expected) < 1e-9);
  });

  it("names the key and the priced types when an instance type has no price", () => {
    const c = config((r) => {
      r.analytics = { search: { instanceType: "i4g.large.search" } };
    });
    assert.throws(
      () => estimate(c, 10, 365),
      (e: unknown) =>
        e instanceof CostModelError &&
        e.message ===
          'analytics.search.instanceType: no unit price for "i4g.large.search" in tools/cost/prices.ts (priced: m7g.large.search, r7g.large.search)',
    );
  });

  it("counts the alarms and endpoints the platform declares", () => {
    assert.strictEqual(CIS_ALARMS, CIS_CONTROLS.length);
    assert.strictEqual(INTERFACE_ENDPOINTS, INTERFACE_ENDPOINT_SERVICES.length);
  });

  it("rounds to two significant figures", () => {
    assert.deepStrictEqual([0, 0.2, 7.6, 12.4, 149.9, 2345, 98_765].map(usd), [
      "0",
      "<1",
      "8",
      "12",
      "150",
      "2,300",
      "99,000",
    ]);
  });
});

describe("npm run cost", () => {
  it("prints the table the README shows", () => {
    const table = costTable(costColumns(PLATFORM_DIR, README_STACKS, README_ACCOUNTS));
    assert.strictEqual(between("README.md", "cost-table"), table);
  });

  it("prints the unit prices and assumptions docs/cost.md shows", () => {
    assert.strictEqual(between("docs/cost.md", "cost-prices"), pricesTable());
    assert.strictEqual(between("docs/cost.md", "cost-assumptions"), assumptionsTable());
  });

  it("exits 2 naming the problem for a bad option or an unknown stack", () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (l: string) => err.push(l) };
    assert.strictEqual(runCost(["--accounts", "0"], PLATFORM_DIR, io), 2);
    assert.strictEqual(runCost(["--stacks", "staging"], PLATFORM_DIR, io), 2);
    assert.match(err[0], /^--accounts: "0" is not a whole number ≥ 1\nusage: npm run cost/);
    assert.match(err[1], /^unknown stack "staging": /);
  });
});
