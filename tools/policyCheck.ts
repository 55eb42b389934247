import * as fs from "fs";
import * as path from "path";
import { PackStartError } from "./policy/packProcess";
import { ProgramError, UnhandledErrors, runProgram } from "./offline/programError";
import { resolveStack } from "./offline/resolveStack";
import { isConfigError, synthesizeStack } from "./offline/synthesize";
import { summarize, toFindings } from "./policy/findings";
import { ReportContext } from "./policy/format/context";
import { formatJson } from "./policy/format/json";
import { formatSarif } from "./policy/format/sarif";
import { formatText } from "./policy/format/text";
import { GivenConfig, PolicyConfigError, loadPolicyPackConfig } from "./policy/packConfig";
import { PACK_DIR } from "./policy/packProcess";
import { PolicyGate, PolicyRuntimeError } from "./policy/session";

const USAGE =
  "usage: npm run policy:check -- --stack <dev|prod|program-dir[:stack]> " +
  "[--format text|json|sarif] [--config <policy-config.json>] [--output <file>] " +
  "[--policy-pack <dir>]";

/** Exit codes: what CI branches on. */
export const EXIT = { pass: 0, violations: 1, error: 2 } as const;

const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

interface Args {
  stack: string;
  format: Format;
  config?: string;
  output?: string;
  policyPack: string;
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The report could not be written where --output says. */
class OutputError extends Error {
  override readonly name = "OutputError";
}

const FLAGS = ["--stack", "--format", "--config", "--output", "--policy-pack"];

function parseArgs(argv: string[]): Args {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!FLAGS.includes(flag)) throw new UsageError(`unknown argument "${flag}"`);
    if (value === undefined || value.startsWith("--"))
      throw new UsageError(`${flag} needs a value`);
    if (values[flag.slice(2)] !== undefined) throw new UsageError(`${flag} is given twice`);
    values[flag.slice(2)] = value;
  }
  if (!values["stack"]) throw new UsageError("--stack is required");
  const format = values["format"] ?? "text";
  if (!FORMATS.includes(format as Format)) {
    throw new UsageError(`--format ${format} is not one of ${FORMATS.join(", ")}`);
  }
  return {
    stack: values["stack"],
    format: format as Format,
    config: values["config"],
    output: values["output"],
    policyPack: path.resolve(values["policy-pack"] ?? PACK_DIR),
  };
}

/** What went wrong, for stderr: the program's own stack for a program error. */
function explain(e: unknown): string {
  if (e instanceof ProgramError) return `${e.message}\n${e.detail()}`;
  if (
    e instanceof UsageError ||
    e instanceof PolicyConfigError ||
    e instanceof PackStartError ||
    e instanceof PolicyRuntimeError ||
    e instanceof OutputError ||
    isConfigError(e)
  ) {
    return (e as Error).message;
  }
  return `unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}

function render(ctx: ReportContext, format: Format): string {
  if (format === "json") return formatJson(ctx);
  if (format === "sarif") return formatSarif(ctx, ctx.pack.version);
  return formatText(ctx);
}

/**
 * Synthesizes the stack while the pack starts, configures the pack as soon as it serves, then
 * analyzes the plan. Exit 0: no mandatory violation; 1: mandatory violations; 2: anything that
 * kept the gate from deciding (usage, stack or policy config, the program, the pack, --output).
 */
async function check(args: Args, program: { main?: string }): Promise<number> {
  const stopStarting = new AbortController();
  const starting = PolicyGate.start(args.policyPack, stopStarting.signal);
  let gate: PolicyGate | undefined;
  try {
    const given: GivenConfig = args.config ? loadPolicyPackConfig(args.config) : {};
    const loaded = resolveStack(args.stack);
    program.main = loaded.main;
    const configured = starting.then(async (g) => {
      gate = g;
      await g.configure(given, args.config);
      return g;
    });
    // Neither waits for the other; the first failure decides, the other is not left unhandled.
    configured.catch(() => undefined);
    const plan = await Promise.race([
      runProgram(loaded, () => synthesizeStack(loaded), isConfigError),
      configured.then(() => new Promise<never>(() => undefined)),
    ]);
    const ready = await configured;
    const diagnostics = await ready.analyze(plan, { project: loaded.project, stack: loaded.stack });
    const ctx: ReportContext = {
      pack: ready.pack,
      stackLabel: `${loaded.project}/${loaded.stack}`,
      programFile: path.relative(process.cwd(), loaded.main).split(path.sep).join("/"),
      resourceCount: plan.length,
      findings: toFindings(ready.pack, plan, diagnostics),
    };
    const report = render(ctx, args.format);
    if (args.output) {
      try {
        fs.writeFileSync(args.output, report + "\n");
      } catch (e) {
        throw new OutputError(`cannot write --output ${args.output}: ${(e as Error).message}`);
      }
      console.log(formatText(ctx));
      console.log(`${args.format} report written to ${args.output}`);
    } else {
      console.log(report);
    }
    return summarize(ctx.findings).mandatory > 0 ? EXIT.violations : EXIT.pass;
  } finally {
    // A run that failed before the pack served (a config error, a program that does not
    // compile) does not wait for the pack to finish starting.
    if (gate === undefined) stopStarting.abort();
    const g = gate ?? (await starting.catch(() => undefined));
    await g?.close();
  }
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`policy:check: ${(e as Error).message}\n${USAGE}`);
    return EXIT.error;
  }
  // For the whole run, not only the synthesis: a program whose exported Output rejects fails
  // its synthesis, and the same rejection then surfaces again on every Output derived from it.
  // Unwatched, those would end the process with Node's exit code 1, the code for violations.
  const unhandled = new UnhandledErrors();
  const program: { main?: string } = {};
  try {
    const code = await check(args, program);
    if (unhandled.errors.length > 0) {
      // The program left an error behind after its synthesis had settled: the gate cannot
      // vouch for a plan from a program that fails.
      throw new ProgramError(
        program.main ?? args.stack,
        unhandled.errors[0],
        "left an error unhandled",
      );
    }
    return code;
  } catch (e) {
    console.error(`policy:check: ${explain(e)}`);
    return EXIT.error;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`policy:check: ${explain(e)}`);
    process.exit(EXIT.error);
  },
);
