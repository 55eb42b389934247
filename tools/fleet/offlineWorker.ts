import { LoadedStack } from "../offline/stackConfig";
import { PlanResource } from "../offline/plan";
import { synthesizeWithOutputs } from "../offline/synthesize";
import { wirePlan } from "../policy/wire";

/**
 * A child process of the offline fleet: synthesizes each stack it is sent against the mock cloud,
 * one at a time (the Pulumi runtime is process-global), and answers with its plan; the
 * orchestrator gates it. The program and the referenced platform stack are loaded once per
 * worker and reused across member stacks.
 */

/** A request from the orchestrator. */
export interface WorkerRequest {
  id: number;
  loaded: LoadedStack;
  /** Outputs of the stacks `loaded` references, already synthesized by another worker. */
  referenceOutputs: Record<string, Record<string, unknown>>;
}

/** The answer: the plan (values in wire form) and the stack's outputs, or the error's text. */
export type WorkerResponse =
  | {
      id: number;
      ok: true;
      resources: PlanResource[];
      outputs: Record<string, unknown>;
      rssBytes: number;
      /** CPU time (user + system) the synthesis took in this worker, ms. */
      cpuMs: number;
    }
  | { id: number; ok: false; error: string; rssBytes: number };

function reply(response: WorkerResponse): void {
  process.send?.(response);
}

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  const cpu = process.cpuUsage();
  const s = await synthesizeWithOutputs(request.loaded, request.referenceOutputs);
  const resources = await wirePlan(s.resources);
  const used = process.cpuUsage(cpu);
  return {
    id: request.id,
    ok: true,
    resources,
    outputs: s.outputs,
    rssBytes: process.memoryUsage().rss,
    cpuMs: (used.user + used.system) / 1000,
  };
}

process.on("message", (request: WorkerRequest) => {
  handle(request).then(reply, (e: unknown) =>
    reply({
      id: request.id,
      ok: false,
      error: e instanceof Error ? e.message : String(e),
      rssBytes: process.memoryUsage().rss,
    }),
  );
});
