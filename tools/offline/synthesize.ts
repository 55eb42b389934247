import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PlanResource } from "./plan";
import { installRecordingMocks } from "./recordingMocks";
import { LoadedStack, StackConfigError, loadStack } from "./stackConfig";

export { StackConfigError } from "./stackConfig";

/**
 * Bad stack input rather than a broken program: an unloadable stack file, the platform's
 * config validation (ConfigValidationError) or Pulumi's own Config*Error classes.
 */
export function isConfigError(e: unknown): e is Error {
  if (e instanceof StackConfigError) return true;
  if (!(e instanceof Error)) return false;
  return /Config\w*Error$/.test(e.name) || /^Config\w*Error$/.test(e.constructor.name);
}

/** Forgets the program's own modules so a second synthesis in this process re-runs them. */
function forgetProgramModules(programDir: string): void {
  const own = programDir + path.sep;
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(own) && !id.includes(`${path.sep}node_modules${path.sep}`)) {
      delete require.cache[id];
    }
  }
}

/** What a synthesis yields: the registered resources and the stack's outputs. */
export interface Synthesis {
  resources: PlanResource[];
  /** The program's stack outputs, resolved (what `pulumi stack output` would show). */
  outputs: Record<string, unknown>;
}

/**
 * Programs whose main module exports a function, by main path: such a program is re-run by
 * calling the function again, so a fleet of stacks does not re-load the program per stack.
 */
const programFunctions = new Map<string, () => unknown>();

async function runProgram(loaded: LoadedStack): Promise<unknown> {
  const known = programFunctions.get(loaded.main);
  if (known !== undefined) return known();
  forgetProgramModules(loaded.programDir);
  const mod = (await import(loaded.main)) as { default?: unknown };
  if (typeof mod.default !== "function") return mod;
  const program = mod.default as () => unknown;
  programFunctions.set(loaded.main, program);
  return program();
}

/** Outputs of referenced stacks, by what they were synthesized from. */
const referenceCache = new Map<string, Promise<Record<string, unknown>>>();

function referenceOutputs(loaded: LoadedStack): Promise<Record<string, unknown>> {
  const key = JSON.stringify([loaded.programDir, loaded.stack, loaded.config]);
  let outputs = referenceCache.get(key);
  if (outputs === undefined) {
    outputs = synthesizeWithOutputs(loaded).then((s) => s.outputs);
    referenceCache.set(key, outputs);
  }
  return outputs;
}

/**
 * Runs a Pulumi program against the deterministic mock cloud with a stack's config and returns
 * every resource it registered, in order, and its outputs. Stacks it references answer its
 * StackReferences: with the outputs in `known` (synthesized elsewhere), or synthesized first,
 * once per process. No Pulumi CLI, engine or credentials.
 */
export async function synthesizeWithOutputs(
  loaded: LoadedStack,
  known: Readonly<Record<string, Record<string, unknown>>> = {},
): Promise<Synthesis> {
  const stackOutputs: Record<string, Record<string, unknown>> = { ...known };
  for (const [name, ref] of Object.entries(loaded.references ?? {})) {
    stackOutputs[name] ??= await referenceOutputs(ref);
  }
  const recorder = await installRecordingMocks(loaded.project, loaded.stack, stackOutputs);
  pulumi.runtime.setAllConfig(loaded.config);
  let programError: unknown;
  const outputs = await pulumi.runtime.runInPulumiStack(async () => {
    try {
      return await runProgram(loaded);
    } catch (e) {
      programError = e;
      return undefined;
    }
  });
  // Waits for every outstanding registration; without it only the root stack is recorded.
  await pulumi.runtime.disconnect();
  if (programError !== undefined) throw programError;
  return { resources: recorder.resources, outputs: (outputs ?? {}) as Record<string, unknown> };
}

/** {@link synthesizeWithOutputs}, the resources only. */
export async function synthesizeStack(loaded: LoadedStack): Promise<PlanResource[]> {
  return (await synthesizeWithOutputs(loaded)).resources;
}

/** Loads `Pulumi.<stack>.yaml` from `programDir` and synthesizes it. */
export async function synthesize(programDir: string, stack: string): Promise<PlanResource[]> {
  return synthesizeStack(loadStack(programDir, stack));
}
