import * as fs from "fs";
import * as path from "path";
import { ConfigValidationError } from "../../components/config";
import { PLATFORM_DIR } from "../offline/resolveStack";
import { StackConfigError, listStacks } from "../offline/stackConfig";
import {
  OFFBOARD_USAGE,
  ONBOARD_USAGE,
  UsageError,
  parseOffboardArgs,
  parseOnboardArgs,
} from "./args";
import { unifiedDiff } from "./diff";
import { offboardingProblems, onboardingProblems } from "./membership";
import { validateStackText, withMemberAdded, withMemberRemoved } from "./stackDocument";

/** Where a command writes; tests capture it. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes: 0 done (or dry run), 2 bad usage or input (the stack file is unchanged). */
export type ExitCode = 0 | 1 | 2;

interface StackFile {
  file: string;
  label: string;
  text: string;
}

function readStackFile(programDir: string, stack: string): StackFile {
  const file = path.join(programDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    throw new StackConfigError(
      `unknown stack "${stack}": ${file} does not exist (stacks here: ${listStacks(programDir).join(", ") || "none"})`,
    );
  }
  return { file, label: `Pulumi.${stack}.yaml`, text: fs.readFileSync(file, "utf8") };
}

/** The stack file fails validation before any edit: the user must fix it first. */
class InvalidStackFile extends Error {
  override readonly name = "InvalidStackFile";
  constructor(
    readonly label: string,
    readonly problems: readonly string[],
  ) {
    super(`${label} does not validate as it is`);
  }
}

function validateCurrent(programDir: string, stack: string, sf: StackFile) {
  try {
    return validateStackText(programDir, stack, sf.text);
  } catch (e) {
    if (e instanceof ConfigValidationError) throw new InvalidStackFile(sf.label, e.problems);
    throw e;
  }
}

function report(io: CommandIo, command: string, e: unknown): ExitCode {
  if (e instanceof InvalidStackFile) {
    io.err(`${command}: ${e.message}; fix it first, nothing changed:`);
    for (const p of e.problems) io.err(`  ${p}`);
    return 2;
  }
  if (e instanceof ConfigValidationError) {
    io.err(`${command}: the edited stack would not validate, nothing changed:`);
    for (const p of e.problems) io.err(`  ${p}`);
    return 2;
  }
  if (e instanceof StackConfigError || e instanceof UsageError) {
    io.err(`${command}: ${e.message}`);
    if (e instanceof UsageError) io.err(command === "onboard" ? ONBOARD_USAGE : OFFBOARD_USAGE);
    return 2;
  }
  throw e;
}

/**
 * The fleet command that deploys the registry change: `up` of the new member's stack, or
 * `destroy` of the offboarded member's. Nothing in the platform stack changes either way.
 */
export function fleetArgvFor(
  command: "onboard" | "offboard",
  stack: string,
  accountId: string,
): string[] {
  return [command === "onboard" ? "up" : "destroy", "--stack", stack, "--accounts", accountId];
}

function apply(
  io: CommandIo,
  command: "onboard" | "offboard",
  argv: readonly string[],
  stack: string,
  accountId: string,
  sf: StackFile,
  after: string,
  flags: { dryRun: boolean; apply: boolean },
): ExitCode {
  io.out(unifiedDiff(sf.text, after, `a/${sf.label}`, `b/${sf.label}`).trimEnd());
  io.out("next:");
  if (flags.dryRun) {
    io.out(`  # dry run: ${sf.label} not changed; to apply:`);
    io.out(`  npm run ${command} -- ${argv.filter((a) => a !== "--dry-run").join(" ")}`);
  } else {
    fs.writeFileSync(sf.file, after);
    io.out(`  # ${sf.label} updated; review and commit it, then:`);
  }
  const fleet = `npm run fleet -- ${fleetArgvFor(command, stack, accountId).join(" ")}`;
  if (command === "onboard") {
    io.out(
      `  npm run policy:check -- --stack ${stack}-${accountId}   # its member stack, offline gate`,
    );
    io.out(`  npm run fleet -- preview --stack ${stack} --accounts ${accountId}`);
  }
  io.out(flags.apply ? `  ${fleet}   # running it now (--apply)` : `  ${fleet}`);
  return 0;
}

/**
 * `npm run onboard`: validates the new member against the stack's validated config, appends it
 * to `Pulumi.<stack>.yaml` (comments and order kept), validates the result with the program's
 * own parser, prints the diff and writes the file unless `--dry-run`.
 */
export function runOnboard(
  argv: readonly string[],
  io: CommandIo,
  programDir: string = PLATFORM_DIR,
): ExitCode {
  try {
    const args = parseOnboardArgs(argv);
    const sf = readStackFile(programDir, args.stack);
    const current = validateCurrent(programDir, args.stack, sf);
    const request = {
      accountId: args.accountId,
      name: args.name,
      regions: args.regions ?? [current.regions.home],
      roleName: args.roleName,
    };
    const problems = onboardingProblems(current, request);
    if (problems.length > 0) {
      io.err(`onboard: ${sf.label} not changed:`);
      for (const p of problems) io.err(`  ${p}`);
      return 2;
    }
    const after = withMemberAdded(sf.text, request, sf.label);
    validateStackText(programDir, args.stack, after);
    return apply(io, "onboard", argv, args.stack, args.accountId, sf, after, args);
  } catch (e) {
    return report(io, "onboard", e);
  }
}

/**
 * `npm run offboard`: removes a member from `Pulumi.<stack>.yaml` the same way; `fleet destroy`
 * of its stack then deletes its baseline (its logs already in the archive stay, under Object
 * Lock).
 */
export function runOffboard(
  argv: readonly string[],
  io: CommandIo,
  programDir: string = PLATFORM_DIR,
): ExitCode {
  try {
    const args = parseOffboardArgs(argv);
    const sf = readStackFile(programDir, args.stack);
    const current = validateCurrent(programDir, args.stack, sf);
    const problems = offboardingProblems(current, args.accountId);
    if (problems.length > 0) {
      io.err(`offboard: ${sf.label} not changed:`);
      for (const p of problems) io.err(`  ${p}`);
      return 2;
    }
    const after = withMemberRemoved(sf.text, args.accountId, sf.label);
    validateStackText(programDir, args.stack, after);
    return apply(io, "offboard", argv, args.stack, args.accountId, sf, after, args);
  } catch (e) {
    return report(io, "offboard", e);
  }
}
