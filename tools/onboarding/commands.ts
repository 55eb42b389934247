import * as fs from "fs";
import * as path from "path";
import { ConfigValidationError, PlatformConfig } from "../../components/config";
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
import { FileLockedError, replaceFileAtomically, withFileLock } from "./lockedFile";
import { MemberRequest, offboardingProblems, onboardingProblems } from "./membership";
import { validateStackText, withMemberAdded, withMemberRemoved } from "./stackDocument";

/** Where a command writes; tests capture it. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Exit codes: 0 done (or dry run); 1 the stack file stayed locked by another edit; 2 bad usage or
 * input. On 1 and 2 the stack file is unchanged.
 */
export type ExitCode = 0 | 1 | 2;

interface StackFile {
  file: string;
  label: string;
  text: string;
}

/** The stack's file; `stack` is a validated stack name (args.ts), so the path stays in `programDir`. */
function stackFilePath(programDir: string, stack: string): string {
  const file = path.join(programDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    throw new StackConfigError(
      `unknown stack "${stack}": ${file} does not exist (stacks here: ${listStacks(programDir).join(", ") || "none"})`,
    );
  }
  return file;
}

function readStackFile(file: string): StackFile {
  return { file, label: path.basename(file), text: fs.readFileSync(file, "utf8") };
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
  if (e instanceof FileLockedError) {
    io.err(`${command}: ${e.message} Nothing changed.`);
    return 1;
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

/** Prints the edit and what to run next; the file is already written unless it is a dry run. */
function printEdit(
  io: CommandIo,
  command: "onboard" | "offboard",
  argv: readonly string[],
  args: { stack: string; accountId: string; dryRun: boolean; apply: boolean },
  sf: StackFile,
  after: string,
): void {
  io.out(unifiedDiff(sf.text, after, `a/${sf.label}`, `b/${sf.label}`).trimEnd());
  io.out("next:");
  if (args.dryRun) {
    io.out(`  # dry run: ${sf.label} not changed; to apply:`);
    io.out(`  npm run ${command} -- ${argv.filter((a) => a !== "--dry-run").join(" ")}`);
  } else {
    io.out(`  # ${sf.label} updated; review and commit it, then:`);
  }
  const fleet = `npm run fleet -- ${fleetArgvFor(command, args.stack, args.accountId).join(" ")}`;
  if (command === "onboard") {
    io.out(
      `  npm run policy:check -- --stack ${args.stack}-${args.accountId}   # its member stack, offline gate`,
    );
    io.out(`  npm run fleet -- preview --stack ${args.stack} --accounts ${args.accountId}`);
  }
  io.out(args.apply ? `  ${fleet}   # running it now (--apply)` : `  ${fleet}`);
}

/** The edited text, or why the edit cannot be made. */
type EditResult = { after: string } | { problems: string[] };

/**
 * Reads, validates, edits, re-validates and (unless a dry run) replaces the stack file. A real
 * edit holds the file's lock from the read to the rename, so concurrent edits apply one after
 * the other, each to the file the previous one wrote; a dry run only reads.
 */
function editStackFile(
  io: CommandIo,
  command: "onboard" | "offboard",
  argv: readonly string[],
  args: { stack: string; accountId: string; dryRun: boolean; apply: boolean },
  programDir: string,
  edit: (sf: StackFile, current: PlatformConfig) => EditResult,
): ExitCode {
  const file = stackFilePath(programDir, args.stack);
  const run = (): ExitCode => {
    const sf = readStackFile(file);
    const current = validateCurrent(programDir, args.stack, sf);
    const result = edit(sf, current);
    if ("problems" in result) {
      io.err(`${command}: ${sf.label} not changed:`);
      for (const p of result.problems) io.err(`  ${p}`);
      return 2;
    }
    validateStackText(programDir, args.stack, result.after);
    if (!args.dryRun) replaceFileAtomically(sf.file, result.after);
    printEdit(io, command, argv, args, sf, result.after);
    return 0;
  };
  return args.dryRun ? run() : withFileLock(file, run);
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
    return editStackFile(io, "onboard", argv, args, programDir, (sf, current) => {
      const request: MemberRequest = {
        accountId: args.accountId,
        name: args.name,
        regions: args.regions ?? [current.regions.home],
        roleName: args.roleName,
      };
      const problems = onboardingProblems(current, request);
      return problems.length > 0
        ? { problems }
        : { after: withMemberAdded(sf.text, request, sf.label) };
    });
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
    return editStackFile(io, "offboard", argv, args, programDir, (sf, current) => {
      const problems = offboardingProblems(current, args.accountId);
      return problems.length > 0
        ? { problems }
        : { after: withMemberRemoved(sf.text, args.accountId, sf.label) };
    });
  } catch (e) {
    return report(io, "offboard", e);
  }
}
