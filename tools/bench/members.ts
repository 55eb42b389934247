/** Pure parts of the fleet benchmark: generated members, the provider model and the table. */

/** One generated member as the stack config spells it. */
export interface GeneratedMember {
  id: string;
  name: string;
  regions: string[];
}

/**
 * `count` distinct members spread over the governed Regions: every member is in the first
 * Region, every other one also in the next, so the mix of one- and two-Region accounts is the
 * same at every size and cost per account is comparable.
 * @throws Error when a generated id would collide with an excluded (core) account.
 */
export function generateMembers(
  count: number,
  governed: readonly string[],
  excludedIds: readonly string[],
): GeneratedMember[] {
  const members: GeneratedMember[] = [];
  for (let i = 0; i < count; i++) {
    const id = String(900000000000 + i * 1009).padStart(12, "0");
    if (excludedIds.includes(id)) throw new Error(`generated member id ${id} is a core account`);
    const regions = i % 2 === 1 && governed.length > 1 ? [governed[0], governed[1]] : [governed[0]];
    members.push({ id, name: `bench-${String(i).padStart(4, "0")}`, regions });
  }
  return members;
}

/**
 * Memory of one aws v7 provider plugin process, in MB: the range pulumi-aws issue #5860
 * measured. Each explicit provider in a stack is its own process during an update.
 */
export const PROVIDER_PROCESS_MB = { low: 300, high: 430 } as const;

/**
 * Providers the earlier single-stack layout declared for an organization: one per (account,
 * Region) in use. The management and audit accounts in the home Region, the log-archive
 * account in every governed Region, and every member in each of its Regions.
 */
export function singleStackProviders(
  governed: readonly string[],
  members: ReadonlyArray<{ regions: readonly string[] }>,
): number {
  return 2 + governed.length + members.reduce((n, m) => n + m.regions.length, 0);
}

/** `providers × PROVIDER_PROCESS_MB`, as `low–high GB`. */
export function modelledPluginMemory(providers: number): string {
  const gb = (mb: number) => (mb * providers) / 1000;
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  return `${fmt(gb(PROVIDER_PROCESS_MB.low))}–${fmt(gb(PROVIDER_PROCESS_MB.high))} GB`;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("the median of no values");
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** What the benchmark measured at one fleet size. */
export interface FleetBenchRow {
  members: number;
  /** Median CPU time of a member stack's synthesis in a warm worker, ms. */
  memberSynthMedianMs: number;
  /** Median wall time of the same, ms: grows with --concurrency beyond the cores. */
  memberWallMedianMs: number;
  /**
   * CPU time the policy-pack process spent gating the member stacks, per member, ms (the
   * platform stack's gate and the pack's start excluded); null where /proc cannot tell.
   */
  memberGateCpuMs: number | null;
  /** Median wall time of a member stack's gate (its Analyze calls), ms. */
  memberGateWallMedianMs: number;
  /** CPU time of the orchestrating process while the members ran, per member, ms. */
  memberOrchestratorCpuMs: number;
  /** Members that failed (must be 0 for the figures to count). */
  failed: number;
  /** Peak resident set of the orchestrating process, MiB. */
  orchestratorPeakMiB: number;
  /** Peak resident set of one synthesis worker, MiB. */
  workerPeakMiB: number;
  platformResources: number;
  platformProviders: number;
  /** Providers of the largest single stack of the fleet. */
  largestStackProviders: number;
  /** Providers the single-stack layout would have declared at this size. */
  singleStackProviders: number;
  wallSeconds: number;
}

/** All the CPU one member stack costs: its synthesis, its gate and the orchestrator's share. */
export function memberCpuMs(r: FleetBenchRow): number {
  return r.memberSynthMedianMs + (r.memberGateCpuMs ?? 0) + r.memberOrchestratorCpuMs;
}

/** The Markdown table, the modelled plugin memory of both layouts and the targets' ratios. */
export function fleetBenchReport(rows: readonly FleetBenchRow[], concurrency: number): string {
  const ms = (x: number | null) => (x === null ? "n/a" : x.toFixed(0));
  const lines = [
    `| members | member stack CPU: synthesis (median) + gate + orchestrator = total (ms) | synthesis wall / gate wall (median, ms) | orchestrator peak RSS (MiB, --concurrency ${concurrency}) | worker peak RSS (MiB) | platform resources | platform providers | largest stack's provider processes | modelled plugin memory, fleet | single-stack providers | modelled plugin memory, single stack | wall (s) |`,
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.members} | ${ms(r.memberSynthMedianMs)} + ${ms(r.memberGateCpuMs)} + ` +
        `${ms(r.memberOrchestratorCpuMs)} = ${ms(memberCpuMs(r))} | ` +
        `${ms(r.memberWallMedianMs)} / ${ms(r.memberGateWallMedianMs)} | ` +
        `${r.orchestratorPeakMiB.toFixed(0)} | ` +
        `${r.workerPeakMiB.toFixed(0)} | ${r.platformResources} | ${r.platformProviders} | ` +
        `${r.largestStackProviders} | ${modelledPluginMemory(r.largestStackProviders)} | ` +
        `${r.singleStackProviders} | ${modelledPluginMemory(r.singleStackProviders)} | ` +
        `${r.wallSeconds.toFixed(0)} |`,
    ),
  ];
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (rows.length > 1) {
    lines.push(
      "",
      `per-member CPU time ${last.members} vs ${first.members} members: ` +
        `${(memberCpuMs(last) / memberCpuMs(first)).toFixed(2)}x (target: within 1.3x)`,
    );
  }
  if (rows.some((r) => r.memberGateCpuMs === null)) {
    lines.push("gate CPU n/a: /proc does not report the pack process's CPU time here");
  }
  lines.push(
    `orchestrator peak RSS at ${last.members} members: ${last.orchestratorPeakMiB.toFixed(0)} MiB ` +
      "(target: under 1024 MiB)",
    `modelled plugin memory: ${PROVIDER_PROCESS_MB.low}–${PROVIDER_PROCESS_MB.high} MB per aws v7 ` +
      "provider process (pulumi-aws #5860) times the providers of the largest single stack",
  );
  const failed = rows.filter((r) => r.failed > 0);
  if (failed.length > 0) {
    lines.push(
      `FAILED member stacks at ${failed.map((r) => `${r.members}: ${r.failed}`).join(", ")}`,
    );
  }
  return lines.join("\n");
}
