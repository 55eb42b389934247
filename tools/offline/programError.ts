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
 * Errors nothing handled (rejected promises nobody awaits, exceptions thrown from callbacks),
 * collected from construction until `stop`. While it listens Node does not end the process on
 * the first one, as it would by default.
 */
export class UnhandledErrors {
  readonly errors: unknown[] = [];
  private readonly collect = (e: unknown): void => {
    this.errors.push(e);
  };

  constructor() {
    process.on("unhandledRejection", this.collect);
    process.on("uncaughtException", this.collect);
  }

  stop(): void {
    process.removeListener("unhandledRejection", this.collect);
    process.removeListener("uncaughtException", this.collect);
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
  const unhandled = new UnhandledErrors();
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
    if (unhandled.errors.length > 0) {
      const first = unhandled.errors[0];
      if (isConfigError(first)) throw first;
      throw new ProgramError(loaded.main, first, "left an error unhandled");
    }
    return result;
  } finally {
    unhandled.stop();
  }
}
