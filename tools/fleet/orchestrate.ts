import { Operation, StackKind, StackRunner, StackSpec, isTransient } from "./types";

/** How one stack's operation ended. */
export type StackResult = "succeeded" | "failed" | "skipped";

/** One row of the fleet report (and of its JSON). */
export interface AccountResult {
  stack: string;
  kind: StackKind;
  accountId: string;
  result: StackResult;
  /** Resources changed (or, for preview, that would change). */
  resources: number;
  /** Explicit providers the stack registers. */
  providers: number;
  durationMs: number;
  /** Attempts made (1 when the first succeeded). */
  attempts: number;
  /** Why it failed or was skipped. */
  error?: string;
}

/** Counts after each stack ends, for the progress line. */
export interface Progress {
  total: number;
  done: number;
  running: number;
  failed: number;
  /** The stack that just ended. */
  last: AccountResult;
}

/** How the orchestration runs. */
export interface FleetRunOptions {
  operation: Operation;
  /** Stacks in flight at once (at least 1). */
  concurrency: number;
  /** Further attempts after a transient failure. Default: 3. */
  retries?: number;
  /** First backoff in ms; it doubles per attempt, plus up to 50% jitter. Default: 2000. */
  backoffMs?: number;
  /** Waits; tests replace it. Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). Default: Math.random. */
  random?: () => number;
  /** Clock in ms. Default: Date.now. */
  now?: () => number;
  onProgress?: (p: Progress) => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The first line of an error, for a report row. */
export function errorLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const first = text.split("\n").find((l) => l.trim() !== "") ?? text;
  return first.trim().slice(0, 500);
}

/**
 * Runs `operation` on every stack with at most `concurrency` in flight, retrying transient
 * failures with exponential backoff and carrying on past a stack that fails. The platform stack
 * (when selected) runs alone before the members, or after them for `destroy`: members read its
 * outputs, and a failed platform `up` skips them, as a failed member `destroy` skips the
 * platform's. Results come back in the order of `specs`.
 */
export async function runFleet(
  specs: readonly StackSpec[],
  runner: StackRunner,
  opts: FleetRunOptions,
): Promise<AccountResult[]> {
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) {
    throw new Error(`concurrency must be a whole number >= 1, got ${opts.concurrency}`);
  }
  const now = opts.now ?? Date.now;
  const counts = { total: specs.length, done: 0, running: 0, failed: 0 };
  const results = new Map<StackSpec, AccountResult>();
  const finish = (spec: StackSpec, r: AccountResult): void => {
    results.set(spec, r);
    counts.done++;
    if (r.result === "failed") counts.failed++;
    opts.onProgress?.({ ...counts, last: r });
  };

  const runOne = async (spec: StackSpec): Promise<void> => {
    counts.running++;
    const started = now();
    const retries = opts.retries ?? 3;
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const outcome = await runner.run(spec, opts.operation);
        counts.running--;
        const failed = (outcome.violations ?? 0) > 0;
        finish(spec, {
          ...row(spec),
          result: failed ? "failed" : "succeeded",
          resources: outcome.resources,
          providers: outcome.providers,
          durationMs: now() - started,
          attempts: attempt,
          ...(failed
            ? {
                error: `${outcome.violations} mandatory policy violation(s): ${outcome.violationSummary ?? ""}`,
              }
            : {}),
        });
        return;
      } catch (e) {
        if (attempt <= retries && isTransient(e)) {
          const base = (opts.backoffMs ?? 2000) * 2 ** (attempt - 1);
          await (opts.sleep ?? realSleep)(
            Math.round(base * (1 + 0.5 * (opts.random ?? Math.random)())),
          );
          continue;
        }
        counts.running--;
        finish(spec, {
          ...row(spec),
          result: "failed",
          resources: 0,
          providers: 0,
          durationMs: now() - started,
          attempts: attempt,
          error: errorLine(e),
        });
        return;
      }
    }
  };

  const skip = (spec: StackSpec, why: string): void =>
    finish(spec, {
      ...row(spec),
      result: "skipped",
      resources: 0,
      providers: 0,
      durationMs: 0,
      attempts: 0,
      error: why,
    });

  const platform = specs.find((s) => s.kind === "platform");
  const members = specs.filter((s) => s.kind === "member");
  if (platform !== undefined && opts.operation !== "destroy") {
    await runOne(platform);
    const p = results.get(platform);
    if (opts.operation === "up" && p?.result === "failed") {
      for (const m of members) skip(m, `platform stack ${platform.name} failed: ${p.error ?? ""}`);
      return specs.map((s) => results.get(s) as AccountResult);
    }
  }
  await pool(members, opts.concurrency, runOne);
  if (platform !== undefined && opts.operation === "destroy") {
    const failed = members.filter((m) => results.get(m)?.result !== "succeeded");
    if (failed.length > 0) {
      skip(
        platform,
        `${failed.length} member stack(s) not destroyed (${failed.map((m) => m.name).join(", ")}) still reference it`,
      );
    } else {
      await runOne(platform);
    }
  }
  return specs.map((s) => results.get(s) as AccountResult);
}

function row(spec: StackSpec): Pick<AccountResult, "stack" | "kind" | "accountId"> {
  return { stack: spec.name, kind: spec.kind, accountId: spec.accountId };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
