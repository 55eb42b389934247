import { ChildProcess, fork } from "child_process";
import * as path from "path";
import { PlanResource } from "../offline/plan";
import { LoadedStack } from "../offline/stackConfig";
import { PACK_DIR } from "../policy/packProcess";
import { PolicyGate } from "../policy/session";
import { gateOutcome } from "./gate";
import { WorkerRequest, WorkerResponse } from "./offlineWorker";
import { Operation, StackOutcome, StackRunner, StackSpec } from "./types";

/** The operations an offline fleet can stand in for: both synthesize and gate every stack. */
export const OFFLINE_OPERATIONS: readonly Operation[] = ["preview", "up"];

/** What a worker answers for one stack. */
interface Synthesized {
  resources: PlanResource[];
  outputs: Record<string, unknown>;
  cpuMs: number;
}

interface Pending {
  resolve(s: Synthesized): void;
  reject(e: Error): void;
}

interface Worker {
  child: ChildProcess;
  pending?: { id: number } & Pending;
  /** Stacks this worker has synthesized: its first pays for loading the program. */
  jobs: number;
}

/** How long one synthesis took in a worker. */
export interface SynthesisTiming {
  stack: string;
  /** Wall time from request to answer. */
  ms: number;
  /** CPU time the worker spent: what the synthesis costs, whatever else the machine runs. */
  cpuMs: number;
  /** Wall time of the policy gate on the plan (the shared analyzer's Analyze calls). */
  gateMs: number;
  /** False for a worker's first stack, which includes loading and compiling the program. */
  warm: boolean;
}

/**
 * Runs the fleet offline: each stack is synthesized on the mock cloud in one of `size` worker
 * processes (the Pulumi runtime is process-global, so a process synthesizes one stack at a time),
 * then gated here by the policy pack: one pack process, started with the first stack, analyzes
 * every stack of the run. No CLI, no credentials, nothing deployed.
 */
export class OfflineRunner implements StackRunner {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(w: Worker) => void> = [];
  private nextId = 1;
  /** Outputs of stacks synthesized so far, by qualified name: they answer StackReferences. */
  private readonly outputs = new Map<string, Promise<Record<string, unknown>>>();
  /** Largest resident set a worker reported, in bytes. */
  peakWorkerRssBytes = 0;
  /** Every synthesis, in the order they ended. */
  readonly timings: SynthesisTiming[] = [];
  /** The analyzer session every stack of this run is gated with. */
  private gate?: Promise<PolicyGate>;

  constructor(
    private readonly size: number,
    private readonly packDir: string = PACK_DIR,
  ) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`offline workers must be a whole number >= 1, got ${size}`);
    }
  }

  async run(spec: StackSpec, operation: Operation): Promise<StackOutcome> {
    if (!OFFLINE_OPERATIONS.includes(operation)) {
      throw new Error(
        `${operation} needs deployed stacks; offline the fleet runs ${OFFLINE_OPERATIONS.join(" and ")}`,
      );
    }
    const loaded = spec.loaded;
    if (loaded === undefined) {
      throw new Error(`${spec.name}: its account is not in the registry; nothing to synthesize`);
    }
    const referenceOutputs: Record<string, Record<string, unknown>> = {};
    for (const [name, ref] of Object.entries(loaded.references ?? {})) {
      let outputs = this.outputs.get(name);
      if (outputs === undefined) {
        // Not run in this fleet (members selected without their platform): synthesize it once.
        outputs = this.synthesize(ref, {}).then((s) => s.outputs);
        this.outputs.set(name, outputs);
      }
      referenceOutputs[name] = await outputs;
    }
    const gate = this.gateSession();
    const done = this.synthesize(loaded, referenceOutputs);
    if (spec.kind === "platform") {
      this.outputs.set(
        spec.qualifiedName,
        done.then((s) => s.outputs),
      );
    }
    const { resources, timing } = await done;
    const started = process.hrtime.bigint();
    const outcome = await gateOutcome(await gate, resources, {
      project: loaded.project,
      stack: spec.name,
    });
    if (timing) timing.gateMs = Number(process.hrtime.bigint() - started) / 1e6;
    return outcome;
  }

  private gateSession(): Promise<PolicyGate> {
    if (this.gate === undefined) {
      this.gate = PolicyGate.start(this.packDir);
      // A pack that fails to start fails every stack that awaits it, not the process.
      this.gate.catch(() => undefined);
    }
    return this.gate;
  }

  private async synthesize(
    loaded: LoadedStack,
    referenceOutputs: Record<string, Record<string, unknown>>,
  ): Promise<Synthesized & { timing?: SynthesisTiming }> {
    const worker = await this.acquire();
    const started = process.hrtime.bigint();
    const warm = worker.jobs++ > 0;
    try {
      const result = await new Promise<Synthesized>((resolve, reject) => {
        const id = this.nextId++;
        worker.pending = { id, resolve, reject };
        // The referenced stacks travel as their outputs, not as their (registry-sized) config.
        const request: WorkerRequest = {
          id,
          loaded: { ...loaded, references: undefined },
          referenceOutputs,
        };
        worker.child.send(request);
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const timing: SynthesisTiming = {
        stack: loaded.stack,
        ms,
        cpuMs: result.cpuMs,
        gateMs: 0,
        warm,
      };
      this.timings.push(timing);
      return { ...result, timing };
    } finally {
      worker.pending = undefined;
      this.release(worker);
    }
  }

  /**
   * CPU time the run's policy-pack process has used so far, in ms (its start included);
   * undefined before the first stack is gated or where /proc cannot tell.
   */
  async packCpuMs(): Promise<number | undefined> {
    const gate = await this.gate?.catch(() => undefined);
    return gate?.packCpuMs();
  }

  listStacks(): Promise<string[]> {
    return Promise.reject(
      new Error("fleet status asks the backend which stacks exist; offline there is no backend"),
    );
  }

  async close(): Promise<void> {
    for (const w of this.workers) w.child.kill();
    this.workers.length = 0;
    this.idle.length = 0;
    const gate = this.gate;
    this.gate = undefined;
    await (await gate?.catch(() => undefined))?.close();
  }

  private acquire(): Promise<Worker> {
    const free = this.idle.pop();
    if (free !== undefined) return Promise.resolve(free);
    if (this.workers.length < this.size) return Promise.resolve(this.start());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(w: Worker): void {
    if (!this.workers.includes(w)) return;
    const next = this.waiting.shift();
    if (next !== undefined) next(w);
    else this.idle.push(w);
  }

  private start(): Worker {
    const child = fork(path.join(__dirname, "offlineWorker.ts"), [], {
      execArgv: ["-r", "ts-node/register/transpile-only"],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const worker: Worker = { child, jobs: 0 };
    child.on("message", (m: WorkerResponse) => {
      this.peakWorkerRssBytes = Math.max(this.peakWorkerRssBytes, m.rssBytes);
      const p = worker.pending;
      if (p === undefined || p.id !== m.id) return;
      if (m.ok) p.resolve({ resources: m.resources, outputs: m.outputs, cpuMs: m.cpuMs });
      else p.reject(new Error(m.error));
    });
    child.on("exit", (code, signal) => {
      const i = this.workers.indexOf(worker);
      if (i >= 0) this.workers.splice(i, 1);
      const j = this.idle.indexOf(worker);
      if (j >= 0) this.idle.splice(j, 1);
      worker.pending?.reject(
        new Error(`offline worker exited (${signal ?? `code ${String(code)}`}) during synthesis`),
      );
      // A caller waiting for a worker gets a fresh one in the dead one's place.
      const next = this.waiting.shift();
      if (next !== undefined) next(this.start());
    });
    this.workers.push(worker);
    return worker;
  }
}
