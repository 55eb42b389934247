import * as fs from "fs";
import { LoadedStack } from "./stackConfig";

/**
 * The Pulumi program itself failed while it was synthesized: it threw, an Output it created
 * rejected, it does not compile, or its main module is missing. Carries the program's own error,
 * whose stack says where.
 */
export class ProgramError extends Error {
  override readonly name = "ProgramError";
  constructor(
    readonly main: string,
    readonly programError: unknown,
    what = "failed",
  ) {
    super(
      `the program ${main} ${what}: ${programError instanceof Error ? programError.message : String(programError)}`,
    );
  }

  /** The program's error with its stack, as the user needs it to find the fault. */
  detail(): string {
    if (!(this.programError instanceof Error)) return String(this.programError);
    return this.programError.stack ?? `${this.programError.name}: ${this.programError.message}`;
  }
}

/** A stack whose program has no main module fails here, before anything runs. */
export function checkMain(loaded: LoadedStack): void {
  if (!fs.existsSync(loaded.main)) {
    throw new ProgramError(
      loaded.main,
      new Error(
        `${loaded.main} does not exist; set "main" in ${loaded.programDir}/Pulumi.yaml to the ` +
          "program's entry file or directory, or add index.ts",
      ),
      "has no main module",
    );
  }
}

/**
 * Runs `synthesis` and turns anything the program throws or leaves unhandled into a
 * {@link ProgramError}. A rejected Output surfaces as an unhandled rejection (nothing in the
 * program awaits it), so those are collected while the program runs, as the CLI's language host
 * does, and reported even when the synthesis itself returned.
 */
export async function runProgram<T>(
  loaded: LoadedStack,
  synthesis: () => Promise<T>,
  isConfigError: (e: unknown) => boolean,
): Promise<T> {
  checkMain(loaded);
  const unhandled: unknown[] = [];
  const collect = (e: unknown) => unhandled.push(e);
  process.on("unhandledRejection", collect);
  process.on("uncaughtException", collect);
  try {
    let result: T;
    try {
      result = await synthesis();
    } catch (e) {
      if (isConfigError(e)) throw e;
      throw new ProgramError(loaded.main, e);
    }
    // Rejections are reported one turn after the promise rejects.
    await new Promise((resolve) => setImmediate(resolve));
    if (unhandled.length > 0) {
      const first = unhandled[0];
      if (isConfigError(first)) throw first;
      throw new ProgramError(loaded.main, first, "left an error unhandled");
    }
    return result;
  } finally {
    process.removeListener("unhandledRejection", collect);
    process.removeListener("uncaughtException", collect);
  }
}
