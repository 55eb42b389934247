import * as fs from "fs";
import * as path from "path";
import { ConfigValidationError } from "../../components/config";
import { PLATFORM_DIR } from "../offline/resolveStack";
import { StackConfigError } from "../offline/stackConfig";
import { OFFLINE_OPERATIONS } from "./offline";
import { AccountResult, runFleet } from "./orchestrate";
import { loadRegistry, parseMemberStackName } from "./registry";
import { fleetReport, progressLine, resultTable } from "./report";
import { SelectionError, SelectionRequest, parseShard, selectStacks } from "./select";
import { statusReport } from "./status";
import { OPERATIONS, Operation, StackRunner } from "./types";

export const FLEET_USAGE =
  "usage: npm run fleet -- <preview|up|refresh|destroy|status> --stack <env> " +
  "[--accounts id,...] [--only platform|members] [--concurrency N] [--shard i/N] " +
  "[--retries N] [--offline] [--json FILE]";

/** Bad command line: exit code 2, nothing run. */
export class FleetUsageError extends Error {
  override readonly name = "FleetUsageError";
}

/** A parsed command line. */
export interface FleetArgs {
  command: Operation | "status";
  /** The environment: its platform stack's name. */
  stack: string;
  selection: SelectionRequest;
  concurrency: number;
  retries: number;
  offline: boolean;
  json?: string;
}

const VALUE_FLAGS = [
  "--stack",
  "--accounts",
  "--only",
  "--concurrency",
  "--shard",
  "--retries",
  "--json",
];

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new FleetUsageError(
      `${flag} ${JSON.stringify(text)} is not a whole number from ${min} to ${max}`,
    );
  }
  return Number(text);
}

/**
 * Parses the fleet's command line.
 * @throws FleetUsageError naming the argument and what is expected.
 */
export function parseFleetArgs(argv: readonly string[], cwd = process.cwd()): FleetArgs {
  const [command, ...rest] = argv;
  if (command === undefined) throw new FleetUsageError("an operation is required");
  if (command !== "status" && !(OPERATIONS as readonly string[]).includes(command)) {
    throw new FleetUsageError(
      `unknown operation ${JSON.stringify(command)} (one of ${[...OPERATIONS, "status"].join(", ")})`,
    );
  }
  const values = new Map<string, string>();
  let offline = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === "--offline") {
      offline = true;
      continue;
    }
    if (!VALUE_FLAGS.includes(flag))
      throw new FleetUsageError(`unknown argument ${JSON.stringify(flag)}`);
    const value = rest[i + 1];
    if (value === undefined || value.startsWith("--"))
      throw new FleetUsageError(`${flag} needs a value`);
    if (values.has(flag)) throw new FleetUsageError(`${flag} is given twice`);
    values.set(flag, value);
    i++;
  }
  const stack = values.get("--stack");
  if (stack === undefined)
    throw new FleetUsageError("--stack is required (an environment: dev, prod)");
  if (!/^[A-Za-z0-9_.-]+$/.test(stack) || stack.startsWith(".")) {
    throw new FleetUsageError(
      `--stack ${JSON.stringify(stack)} is not a stack name: it takes an environment such as prod, not a path`,
    );
  }
  if (parseMemberStackName(stack) !== undefined) {
    const m = parseMemberStackName(stack);
    throw new FleetUsageError(
      `--stack ${stack} is a member stack; name its environment and account: --stack ${m?.env} --accounts ${m?.accountId}`,
    );
  }
  const selection: SelectionRequest = {};
  const accounts = values.get("--accounts");
  if (accounts !== undefined) {
    const ids = accounts.split(",").map((s) => s.trim());
    const bad = ids.filter((id) => !/^\d{12}$/.test(id));
    if (bad.length > 0 || ids.length === 0) {
      throw new FleetUsageError(
        `--accounts ${bad.map((b) => JSON.stringify(b)).join(", ")}: expected 12-digit account ids separated by commas`,
      );
    }
    selection.accounts = [...new Set(ids)];
  }
  const only = values.get("--only");
  if (only !== undefined) {
    if (only !== "platform" && only !== "members") {
      throw new FleetUsageError(`--only ${JSON.stringify(only)} is not platform or members`);
    }
    selection.only = only;
  }
  const shardText = values.get("--shard");
  if (shardText !== undefined) {
    try {
      selection.shard = parseShard(shardText);
    } catch (e) {
      throw new FleetUsageError((e as Error).message);
    }
  }
  if (
    selection.only === "platform" &&
    (selection.accounts !== undefined || selection.shard !== undefined)
  ) {
    throw new FleetUsageError("--only platform selects no member: drop --accounts and --shard");
  }
  const concurrency = wholeNumber("--concurrency", values.get("--concurrency") ?? "4", 1, 64);
  const retries = wholeNumber("--retries", values.get("--retries") ?? "3", 0, 10);
  if (offline && command !== "status" && !OFFLINE_OPERATIONS.includes(command as Operation)) {
    throw new FleetUsageError(
      `${command} needs deployed stacks; --offline runs ${OFFLINE_OPERATIONS.join(" and ")} (synthesis and the policy gate)`,
    );
  }
  if (offline && command === "status") {
    throw new FleetUsageError(
      "status asks the backend which stacks exist; it has no --offline form",
    );
  }
  let json = values.get("--json");
  if (json !== undefined) {
    json = path.resolve(cwd, json);
    if (fs.existsSync(json) && fs.statSync(json).isDirectory()) {
      throw new FleetUsageError(`--json ${json} is a directory; give a file name`);
    }
    if (!fs.existsSync(path.dirname(json))) {
      throw new FleetUsageError(
        `--json ${json}: the directory ${path.dirname(json)} does not exist`,
      );
    }
  }
  return {
    command: command as FleetArgs["command"],
    stack,
    selection,
    concurrency,
    retries,
    offline,
    json,
  };
}

/** Where the command writes; tests capture it. */
export interface FleetIo {
  out(line: string): void;
  err(line: string): void;
}

/** What the command needs from outside: a runner, and test hooks for time. */
export interface FleetDeps {
  runner(args: FleetArgs): StackRunner;
  programDir?: string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Writes a file whole or not at all: a reader never sees a torn report. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Runs `npm run fleet`. Exit codes: 0 every stack succeeded, 1 a stack failed or was skipped,
 * 2 bad usage or registry (nothing run).
 */
export async function fleetCommand(
  argv: readonly string[],
  io: FleetIo,
  deps: FleetDeps,
): Promise<number> {
  let args: FleetArgs;
  try {
    args = parseFleetArgs(argv);
  } catch (e) {
    if (e instanceof FleetUsageError) {
      io.err(`fleet: ${e.message}\n${FLEET_USAGE}`);
      return 2;
    }
    throw e;
  }
  const programDir = deps.programDir ?? PLATFORM_DIR;
  let registry;
  let specs;
  try {
    registry = loadRegistry(programDir, args.stack);
    specs = args.command === "status" ? [] : selectStacks(registry, args.selection, args.command);
  } catch (e) {
    if (
      e instanceof StackConfigError ||
      e instanceof ConfigValidationError ||
      e instanceof SelectionError
    ) {
      io.err(`fleet: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const runner = deps.runner(args);
  try {
    if (args.command === "status") {
      const report = statusReport(registry, await runner.listStacks());
      io.out(report.text);
      return report.clean ? 0 : 1;
    }
    if (specs.length === 0) {
      io.err(
        `fleet: nothing selected (Pulumi.${args.stack}.yaml registers ${registry.members.length} member(s))`,
      );
      return 2;
    }
    io.err(
      `fleet: ${args.command} ${specs.length} stack(s) of ${args.stack}` +
        `${args.offline ? " offline (mock cloud, policy gate on each)" : ""}, ${args.concurrency} at a time`,
    );
    const results: AccountResult[] = await runFleet(specs, runner, {
      operation: args.command,
      concurrency: args.concurrency,
      retries: args.retries,
      sleep: deps.sleep,
      random: deps.random,
      onProgress: (p) => io.err(progressLine(p)),
    });
    io.out(resultTable(results));
    if (args.json !== undefined) {
      writeAtomically(
        args.json,
        JSON.stringify(fleetReport(args.stack, args.command, results), null, 2) + "\n",
      );
      io.out(`report written to ${args.json}`);
    }
    return results.every((r) => r.result === "succeeded") ? 0 : 1;
  } finally {
    await runner.close();
  }
}
