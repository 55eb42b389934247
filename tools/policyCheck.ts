import * as fs from "fs";
import * as path from "path";
import { resolveStack } from "./offline/resolveStack";
import { isConfigError, synthesizeStack } from "./offline/synthesize";
import { PolicyRuntimeError, evaluatePack } from "./policy/evaluate";
import { summarize, toFindings } from "./policy/findings";
import { ReportContext } from "./policy/format/context";
import { formatJson } from "./policy/format/json";
import { formatSarif } from "./policy/format/sarif";
import { formatText } from "./policy/format/text";
import { loadPack } from "./policy/pack";
import { GivenConfig, loadPolicyPackConfig, reconcileConfig } from "./policy/packConfig";

const USAGE =
  "usage: npm run policy:check -- --stack <dev|prod|program-dir[:stack]> " +
  "[--format text|json|sarif] [--config <policy-config.json>] [--output <file>]";

const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

interface Args {
  stack: string;
  format: Format;
  config?: string;
  output?: string;
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

function parseArgs(argv: string[]): Args {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!["--stack", "--format", "--config", "--output"].includes(flag)) {
      throw new UsageError(`unknown argument "${flag}"`);
    }
    if (value === undefined || value.startsWith("--"))
      throw new UsageError(`${flag} needs a value`);
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
  };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`policy:check: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const pack = loadPack();
  let ctx: ReportContext;
  try {
    const given: GivenConfig = args.config ? loadPolicyPackConfig(args.config) : {};
    const settings = reconcileConfig(pack.policies, pack.enforcementLevel, given, args.config);
    const loaded = resolveStack(args.stack);
    const plan = await synthesizeStack(loaded);
    const { diagnostics } = await evaluatePack(pack, plan, settings);
    ctx = {
      pack,
      stackLabel: `${loaded.project}/${loaded.stack}`,
      programFile: path.relative(process.cwd(), loaded.main).split(path.sep).join("/"),
      resourceCount: plan.length,
      findings: toFindings(pack, plan, diagnostics),
    };
  } catch (e) {
    if (isConfigError(e)) {
      console.error(`policy:check: ${(e as Error).message}`);
      return 2;
    }
    if (e instanceof PolicyRuntimeError) {
      console.error(`policy:check: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const report =
    args.format === "json"
      ? formatJson(ctx)
      : args.format === "sarif"
        ? formatSarif(ctx, pack.version)
        : formatText(ctx);
  if (args.output) {
    fs.writeFileSync(args.output, report + "\n");
    console.log(formatText(ctx));
    console.log(`${args.format} report written to ${args.output}`);
  } else {
    console.log(report);
  }
  return summarize(ctx.findings).mandatory > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`policy:check: failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
