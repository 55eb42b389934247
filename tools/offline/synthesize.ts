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

/**
 * Runs a Pulumi program against the deterministic mock cloud with a stack's config and
 * returns every resource it registered, in order. No Pulumi CLI, engine or credentials.
 */
export async function synthesizeStack(loaded: LoadedStack): Promise<PlanResource[]> {
  const recorder = await installRecordingMocks(loaded.project, loaded.stack);
  pulumi.runtime.setAllConfig(loaded.config);
  forgetProgramModules(loaded.programDir);
  let programError: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    try {
      const mod = (await import(loaded.main)) as { default?: unknown };
      return typeof mod.default === "function" ? await (mod.default as () => unknown)() : mod;
    } catch (e) {
      programError = e;
      return undefined;
    }
  });
  // Waits for every outstanding registration; without it only the root stack is recorded.
  await pulumi.runtime.disconnect();
  if (programError !== undefined) throw programError;
  return recorder.resources;
}

/** Loads `Pulumi.<stack>.yaml` from `programDir` and synthesizes it. */
export async function synthesize(programDir: string, stack: string): Promise<PlanResource[]> {
  return synthesizeStack(loadStack(programDir, stack));
}
