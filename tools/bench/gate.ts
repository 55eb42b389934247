import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PLATFORM_DIR } from "../offline/resolveStack";

/**
 * `npm run bench:gate [-- --runs 3] [--limit 10]`: times the policy gate on
 * tests/fixtures/gate-scale (200 buckets with their settings and 100 other logged resources, all
 * compliant, so every policy does its full work). Each run starts fresh processes the way CI does:
 * `preview:offline` alone (the mock-cloud synthesis) and `policy:check` (synthesis plus the
 * pack's evaluation and the report). The difference is what the policies cost; its median CPU time
 * (wall time where /proc is missing) must stay under the limit. Exit 0 when it does and the gate
 * passes the program, 1 otherwise.
 */
const USAGE = "usage: npm run bench:gate -- [--runs N] [--limit SECONDS]";
const STACK = "tests/fixtures/gate-scale:bench";

interface Args {
  runs: number;
  limitSeconds: number;
}

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!["--runs", "--limit"].includes(argv[i])) {
      throw new Error(`unknown argument ${JSON.stringify(argv[i])}\n${USAGE}`);
    }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${argv[i]} needs a value`);
    values.set(argv[i], v);
  }
  const runs = Number(values.get("--runs") ?? "3");
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs ${JSON.stringify(values.get("--runs"))} is not a whole number >= 1`);
  }
  const limitSeconds = Number(values.get("--limit") ?? "10");
  if (!(limitSeconds > 0)) {
    throw new Error(
      `--limit ${JSON.stringify(values.get("--limit"))} is not a number of seconds > 0`,
    );
  }
  return { runs, limitSeconds };
}

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

/**
 * CPU seconds (user + system) of the children this process has waited for, from /proc/self/stat
 * (Linux); undefined elsewhere. Less sensitive than wall time to other work on a shared machine.
 */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

interface Timing {
  wall: number;
  cpu?: number;
  status: number;
  stdout: string;
}

/** Runs one of the project's CLIs in a fresh Node process, timed. */
function timeCli(script: string, args: string[]): Timing {
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", path.join("tools", script), ...args],
    { cwd: PLATFORM_DIR, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childrenCpuSeconds();
  if (child.error) throw child.error;
  if (child.status === 2) {
    throw new Error(`${script} ${args.join(" ")} failed:\n${child.stderr}${child.stdout}`);
  }
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { wall, cpu, status: child.status ?? 1, stdout: child.stdout };
}

const seconds = (s: number | undefined) => (s === undefined ? "n/a" : `${s.toFixed(1)} s`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface GateReport {
  resources: number;
  policies: number;
  summary: { mandatory: number; advisory: number };
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const rows: { synthesis: Timing; gate: Timing }[] = [];
  for (let run = 1; run <= args.runs; run++) {
    const synthesis = timeCli("previewOffline.ts", ["--stack", STACK, "--json", "/dev/null"]);
    const gate = timeCli("policyCheck.ts", ["--stack", STACK, "--format", "json"]);
    rows.push({ synthesis, gate });
    console.log(
      `run ${run}: wall synthesis ${seconds(synthesis.wall)}, gate ${seconds(gate.wall)}; ` +
        `CPU synthesis ${seconds(synthesis.cpu)}, gate ${seconds(gate.cpu)}`,
    );
  }
  const last = rows[rows.length - 1].gate;
  const report = JSON.parse(last.stdout) as GateReport;
  const evaluation = median(rows.map((r) => r.gate.wall - r.synthesis.wall));
  const cpuRows = rows.filter((r) => r.gate.cpu !== undefined && r.synthesis.cpu !== undefined);
  const evaluationCpu =
    cpuRows.length === rows.length
      ? median(cpuRows.map((r) => r.gate.cpu! - r.synthesis.cpu!))
      : undefined;
  // CPU time when /proc has it: wall time on a machine other jobs share measures them too.
  const judged = evaluationCpu ?? evaluation;
  const within = judged < args.limitSeconds;
  console.log(
    `${STACK}: ${report.resources} resources, ${report.policies} policies, ` +
      `${report.summary.mandatory} mandatory and ${report.summary.advisory} advisory findings`,
  );
  console.log(
    `median of ${args.runs}: policy evaluation ${seconds(evaluation)} wall, ` +
      `${seconds(evaluationCpu)} CPU (limit ${args.limitSeconds} s ${evaluationCpu === undefined ? "wall" : "CPU"}: ${within ? "within" : "OVER"}); ` +
      `end to end ${seconds(median(rows.map((r) => r.gate.wall)))} wall, of which the offline ` +
      `synthesis ${seconds(median(rows.map((r) => r.synthesis.wall)))}`,
  );
  if (last.status !== 0) console.log("the gate did not pass the program: the benchmark is invalid");
  return within && last.status === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`bench:gate: ${(e as Error).message}`);
  process.exitCode = 2;
}
