import { AccountResult, Progress } from "./orchestrate";
import { Operation } from "./types";

/** The JSON report `--json FILE` writes. */
export interface FleetReport {
  /** The environment (its platform stack's name). */
  stack: string;
  operation: Operation;
  accounts: Array<{
    stack: string;
    kind: "platform" | "member";
    accountId: string;
    result: "succeeded" | "failed" | "skipped";
    resources: number;
    providers: number;
    durationMs: number;
    error?: string;
  }>;
}

/** The report as `--json` writes it. */
export function fleetReport(
  env: string,
  operation: Operation,
  results: readonly AccountResult[],
): FleetReport {
  return {
    stack: env,
    operation,
    accounts: results.map((r) => ({
      stack: r.stack,
      kind: r.kind,
      accountId: r.accountId,
      result: r.result,
      resources: r.resources,
      providers: r.providers,
      durationMs: r.durationMs,
      ...(r.error === undefined ? {} : { error: r.error }),
    })),
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** One progress line: `[12/200] 10 done, 2 running, 1 failed · prod-4567… succeeded (…)`. */
export function progressLine(p: Progress): string {
  const r = p.last;
  const what =
    r.result === "succeeded"
      ? `${r.resources} resource change(s), ${seconds(r.durationMs)}${r.attempts > 1 ? `, ${r.attempts} attempts` : ""}`
      : (r.error ?? "");
  return (
    `[${p.done}/${p.total}] ${p.done - p.failed} ok, ${p.running} running, ${p.failed} failed · ` +
    `${r.stack} ${r.result}: ${what}`
  );
}

/** The closing table: one row per stack, then the totals. */
export function resultTable(results: readonly AccountResult[]): string {
  const header = ["stack", "kind", "account", "result", "resources", "providers", "duration"];
  const rows = results.map((r) => [
    r.stack,
    r.kind,
    r.accountId,
    r.result,
    String(r.resources),
    String(r.providers),
    seconds(r.durationMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i >= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  const count = (k: AccountResult["result"]) => results.filter((r) => r.result === k).length;
  const errors = results
    .filter((r) => r.error !== undefined)
    .map((r) => `  ${r.stack}: ${r.error ?? ""}`);
  return [
    line(header),
    ...rows.map(line),
    "",
    `${results.length} stack(s): ${count("succeeded")} succeeded, ${count("failed")} failed, ${count("skipped")} skipped`,
    ...(errors.length > 0 ? ["", "errors:", ...errors] : []),
  ].join("\n");
}
