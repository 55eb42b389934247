import { fork } from "child_process";
import * as fs from "fs";
import { PLATFORM_DIR } from "../offline/resolveStack";
import { OfflineRunner } from "../fleet/offline";
import { runFleet } from "../fleet/orchestrate";
import { loadRegistry, registryOf } from "../fleet/registry";
import { selectStacks } from "../fleet/select";
import {
  FleetBenchRow,
  fleetBenchReport,
  generateMembers,
  median,
  memberCpuMs,
  singleStackProviders,
} from "./members";

/**
 * `npm run bench:fleet -- --members 10,100,1000 --offline [--concurrency 4] [--json FILE]`:
 * runs the whole fleet offline (the prod platform stack plus one member stack per generated
 * member, each synthesized on the mock cloud and gated) at each size, every size in a fresh
 * process so its peak memory is its own, and prints each member stack's CPU (synthesis, gate,
 * orchestration), the orchestrator's and a worker's peak RSS, the platform stack's resources and providers, the
 * largest stack's provider processes and the modelled plugin memory of both layouts.
 */
const USAGE =
  "usage: npm run bench:fleet -- --members 10,100,1000 --offline [--concurrency N] [--json FILE]";
const NS = "logging-platform";

interface Args {
  sizes: number[];
  concurrency: number;
  json?: string;
  /** Internal: measure one size in this process and print its row as JSON. */
  one?: number;
}

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  let offline = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--offline") {
      offline = true;
      continue;
    }
    if (!["--members", "--concurrency", "--json", "--one"].includes(argv[i])) {
      throw new Error(`unknown argument ${JSON.stringify(argv[i])}`);
    }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${argv[i]} needs a value`);
    values.set(argv[i], v);
    i++;
  }
  if (!offline) {
    throw new Error("--offline is required: the benchmark measures the mock-cloud fleet only");
  }
  const sizes = (values.get("--members") ?? "10,100,1000").split(",").map((s) => {
    if (!/^\d+$/.test(s) || Number(s) < 1)
      throw new Error(`--members: ${JSON.stringify(s)} is not a count >= 1`);
    return Number(s);
  });
  const concurrency = Number(values.get("--concurrency") ?? "4");
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(
      `--concurrency ${JSON.stringify(values.get("--concurrency"))} is not a whole number >= 1`,
    );
  }
  const one = values.get("--one");
  return {
    sizes,
    concurrency,
    json: values.get("--json"),
    one: one === undefined ? undefined : Number(one),
  };
}

/** The prod registry with `count` generated members (and no Redshift clusters). */
function benchRegistry(count: number) {
  const prod = loadRegistry(PLATFORM_DIR, "prod");
  const decoded = (key: string): unknown => JSON.parse(prod.platform.config[`${NS}:${key}`]);
  const regions = decoded("regions") as { governed: string[] };
  const organization = decoded("organization") as { managementAccount: { id: string } };
  const accounts = decoded("accounts") as { logArchive: { id: string }; audit: { id: string } };
  const core = [organization.managementAccount.id, accounts.logArchive.id, accounts.audit.id];
  const members = generateMembers(count, regions.governed, core);
  const registry = registryOf({
    ...prod.platform,
    config: {
      ...prod.platform.config,
      [`${NS}:members`]: JSON.stringify(members),
      [`${NS}:redshiftAudit`]: JSON.stringify({ clusters: [] }),
    },
  });
  return { registry, governed: regions.governed, members };
}

async function measureOne(count: number, concurrency: number): Promise<FleetBenchRow> {
  const { registry, governed, members } = benchRegistry(count);
  const specs = selectStacks(registry, {}, "preview");
  const runner = new OfflineRunner(concurrency);
  const started = process.hrtime.bigint();
  // The platform stack runs alone first: CPU counted from its end is the members' alone.
  let atPlatformEnd: Promise<{ pack?: number; orchestrator: NodeJS.CpuUsage }> | undefined;
  try {
    const results = await runFleet(specs, runner, {
      operation: "preview",
      concurrency,
      retries: 0,
      onProgress: (p) => {
        if (p.last.kind !== "platform") return;
        const orchestrator = process.cpuUsage();
        atPlatformEnd = runner.packCpuMs().then((pack) => ({ pack, orchestrator }));
      },
    });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const base = await atPlatformEnd;
    const orchestratorUs = process.cpuUsage(base?.orchestrator);
    const packBefore = base?.pack;
    const packAfter = await runner.packCpuMs();
    const platform = results.find((r) => r.kind === "platform");
    const memberTimings = runner.timings.filter((t) => t.stack !== registry.env);
    const warm = memberTimings.filter((t) => t.warm);
    return {
      members: count,
      memberSynthMedianMs: warm.length > 0 ? median(warm.map((t) => t.cpuMs)) : NaN,
      memberWallMedianMs: warm.length > 0 ? median(warm.map((t) => t.ms)) : NaN,
      memberGateCpuMs:
        packBefore === undefined || packAfter === undefined
          ? null
          : (packAfter - packBefore) / count,
      memberGateWallMedianMs:
        memberTimings.length > 0 ? median(memberTimings.map((t) => t.gateMs)) : NaN,
      memberOrchestratorCpuMs: (orchestratorUs.user + orchestratorUs.system) / 1000 / count,
      failed: results.filter((r) => r.result !== "succeeded").length,
      orchestratorPeakMiB: process.resourceUsage().maxRSS / 1024,
      workerPeakMiB: runner.peakWorkerRssBytes / 1024 / 1024,
      platformResources: platform?.resources ?? 0,
      platformProviders: platform?.providers ?? 0,
      largestStackProviders: Math.max(...results.map((r) => r.providers)),
      singleStackProviders: singleStackProviders(governed, members),
      wallSeconds,
    };
  } finally {
    await runner.close();
  }
}

/** Measures one size in a child process, so each size's peak RSS is its own. */
function measureInChild(count: number, concurrency: number): Promise<FleetBenchRow> {
  return new Promise((resolve, reject) => {
    const child = fork(
      __filename,
      ["--offline", "--one", String(count), "--concurrency", String(concurrency)],
      {
        execArgv: ["-r", "ts-node/register/transpile-only"],
        stdio: ["ignore", "pipe", "inherit", "ipc"],
      },
    );
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => {
      if (code !== 0)
        return reject(new Error(`bench:fleet: the ${count}-member run exited ${code}`));
      try {
        resolve(JSON.parse(out) as FleetBenchRow);
      } catch (e) {
        reject(
          new Error(`bench:fleet: the ${count}-member run printed no row: ${(e as Error).message}`),
        );
      }
    });
  });
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`bench:fleet: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.one !== undefined) {
    console.log(JSON.stringify(await measureOne(args.one, args.concurrency)));
    return 0;
  }
  const rows: FleetBenchRow[] = [];
  for (const n of args.sizes) {
    const row = await measureInChild(n, args.concurrency);
    console.error(
      `bench:fleet: ${n} members: ${memberCpuMs(row).toFixed(0)} ms CPU per member stack, ` +
        `orchestrator ${row.orchestratorPeakMiB.toFixed(0)} MiB, ${row.wallSeconds.toFixed(0)} s`,
    );
    rows.push(row);
  }
  console.log(fleetBenchReport(rows, args.concurrency));
  if (args.json !== undefined) {
    fs.writeFileSync(
      args.json,
      JSON.stringify({ concurrency: args.concurrency, rows }, null, 2) + "\n",
    );
    console.log(`figures written to ${args.json}`);
  }
  return rows.some((r) => r.failed > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench:fleet: failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
