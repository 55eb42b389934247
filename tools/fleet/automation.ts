import {
  CommandError,
  ConfigMap,
  EngineEvent,
  LocalWorkspace,
  OpMap,
} from "@pulumi/pulumi/automation";
import { PLATFORM_DIR } from "../offline/resolveStack";
import { Operation, StackOutcome, StackRunner, StackSpec } from "./types";

/** The operations that work from the stack's state alone, without running the program. */
const STATELESS: readonly Operation[] = ["refresh", "destroy"];

/** How an {@link AutomationRunner} reaches the CLI. */
export interface AutomationRunnerOptions {
  /** The Pulumi program (the directory holding Pulumi.yaml): default, this repository. */
  workDir?: string;
  /** Environment added to every CLI invocation (backend URL, credentials profile, ...). */
  envVars?: Record<string, string>;
  /** Receives each line the CLI prints during an operation, with the stack's short name. */
  onOutput?: (stack: string, line: string) => void;
}

/**
 * Runs the fleet with the Pulumi CLI through the Automation API: a {@link LocalWorkspace} per
 * operation over the one program, the stack created on first use. A member stack's config is
 * written with one `config set-all` before each operation (it is derived from the registry,
 * never edited); the platform stack's file is its config. Destroying a member stack removes it.
 */
export class AutomationRunner implements StackRunner {
  private readonly workDir: string;
  private readonly envVars: Record<string, string>;
  private readonly onOutput?: (stack: string, line: string) => void;

  constructor(opts: AutomationRunnerOptions = {}) {
    this.workDir = opts.workDir ?? PLATFORM_DIR;
    this.envVars = { ...opts.envVars };
    this.onOutput = opts.onOutput;
  }

  async run(spec: StackSpec, operation: Operation): Promise<StackOutcome> {
    if (spec.kind === "member" && spec.config === undefined && !STATELESS.includes(operation)) {
      // Its stack file may be gone: the program would run on Pulumi.yaml's platform defaults.
      throw new Error(
        `${spec.name}: its account is not in the registry; it can only be refreshed or destroyed`,
      );
    }
    const engine = new EngineTally();
    const emit = (line: string): void => this.onOutput?.(spec.name, line);
    const [stdout, stderr] = [new LineSplitter(emit), new LineSplitter(emit)];
    let step = "stack select";
    try {
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: spec.qualifiedName, workDir: this.workDir },
        { envVars: { ...this.envVars } },
      );
      if (spec.config !== undefined) {
        step = "config set-all";
        await stack.setAllConfig(plaintext(spec.config));
      }
      step = operation;
      const opts = {
        onEvent: (e: EngineEvent) => engine.add(e),
        onOutput: (s: string) => stdout.write(s),
        onError: (s: string) => stderr.write(s),
        color: "never" as const,
      };
      let changes: OpMap | undefined;
      switch (operation) {
        case "preview":
          changes = (await stack.preview(opts)).changeSummary;
          break;
        case "up":
          changes = (await stack.up(opts)).summary?.resourceChanges;
          break;
        case "refresh":
          changes = (await stack.refresh(opts)).summary?.resourceChanges;
          break;
        case "destroy":
          changes = (await stack.destroy(opts)).summary?.resourceChanges;
          if (spec.kind === "member") {
            step = "stack rm";
            await stack.workspace.removeStack(spec.qualifiedName);
          }
          break;
      }
      return { resources: changed(changes), providers: engine.providers.size };
    } catch (e) {
      throw failure(spec, step, e, engine.errors);
    } finally {
      stdout.end();
      stderr.end();
    }
  }

  async listStacks(): Promise<string[]> {
    const ws = await LocalWorkspace.create({ workDir: this.workDir, envVars: { ...this.envVars } });
    return (await ws.listStacks()).map((s) => s.name.slice(s.name.lastIndexOf("/") + 1));
  }

  close(): Promise<void> {
    return Promise.resolve(); // every workspace lives for one call; no process outlives it
  }
}

/** The registry holds no secrets: every value is set as plaintext. */
function plaintext(config: Readonly<Record<string, string>>): ConfigMap {
  return Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }]));
}

/** Resources changed: every count of the change summary but `same`. */
function changed(changes: OpMap | undefined): number {
  return Object.entries(changes ?? {})
    .filter(([op]) => op !== "same")
    .reduce((sum, [, n]) => sum + (n ?? 0), 0);
}

/** What an operation's engine events tell: its providers and its error diagnostics. */
class EngineTally {
  /** URNs of the provider resources the engine stepped through. */
  readonly providers = new Set<string>();
  readonly errors: string[] = [];

  add(e: EngineEvent): void {
    const step = e.resourcePreEvent?.metadata;
    if (step?.type.startsWith("pulumi:providers:")) this.providers.add(step.urn);
    const d = e.diagnosticEvent;
    if (d?.severity === "error" && d.message.trim() !== "") this.errors.push(d.message.trim());
  }
}

/** Cuts the CLI's output chunks into lines. */
class LineSplitter {
  private rest = "";
  constructor(private readonly line: (line: string) => void) {}
  write(chunk: string): void {
    const lines = (this.rest + chunk).split(/\r?\n/);
    this.rest = lines.pop() ?? "";
    lines.forEach((l) => this.line(l));
  }
  end(): void {
    if (this.rest !== "") this.line(this.rest);
    this.rest = "";
  }
}

/** The CLI's own answer, from the Automation API's CommandError (its result is not public). */
function cliResult(e: unknown): { code?: number; stderr: string; stdout: string; spawn?: string } {
  const result = (e as { commandResult?: { stderr?: unknown; stdout?: unknown; err?: unknown } })
    .commandResult;
  // On a non-zero exit the result wraps the spawn error, which holds the CLI's streams apart.
  const spawned = result?.err as
    { exitCode?: unknown; stderr?: unknown; stdout?: unknown; shortMessage?: unknown } | undefined;
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  return {
    code: typeof spawned?.exitCode === "number" ? spawned.exitCode : undefined,
    stderr: text(spawned?.stderr ?? result?.stderr),
    stdout: text(spawned?.stdout ?? result?.stdout),
    spawn: text(spawned?.shortMessage) || undefined,
  };
}

/**
 * The Error a failed step throws: the stack, the step, the exit code and what the CLI said —
 * its stderr and the engine's error diagnostics (where resource errors such as AWS throttling
 * appear), else the end of its stdout. The command line is left out: it carries the member
 * config, whose `idleTimeoutMinutes` `isTransient` would read as a timeout.
 */
function failure(spec: StackSpec, step: string, e: unknown, diagnostics: string[]): Error {
  if (!(e instanceof CommandError)) {
    const message = e instanceof Error ? e.message : String(e);
    return new Error(`${spec.name}: ${step} failed: ${message}`, { cause: e });
  }
  const r = cliResult(e);
  const stderr = r.stderr.trim();
  const extra = diagnostics.filter((d) => !stderr.includes(d));
  const said =
    [stderr, ...extra].filter((s) => s !== "").join("\n") ||
    r.stdout.trim().split("\n").slice(-20).join("\n") ||
    (r.spawn ?? e.message);
  const code = r.code === undefined ? "" : ` (exit code ${r.code})`;
  return new Error(`${spec.name}: pulumi ${step} failed${code}: ${said}`, { cause: e });
}
