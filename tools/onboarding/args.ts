import { stackNameProblem } from "../offline/stackConfig";

/** Command-line arguments of `npm run onboard` and `npm run offboard`. */

/** Bad command-line usage (exit code 2, with the usage line). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** What `onboard` was asked to do. */
export interface OnboardArgs {
  stack: string;
  accountId: string;
  name: string;
  /** Regions given with --regions; undefined means the home Region. */
  regions?: string[];
  /** Role the deployment assumes in the account; undefined means the schema default. */
  roleName?: string;
  dryRun: boolean;
  /** Run `fleet up` for the new member once the registry is written. */
  apply: boolean;
}

/** What `offboard` was asked to do. */
export interface OffboardArgs {
  stack: string;
  accountId: string;
  dryRun: boolean;
  /** Run `fleet destroy` for the member's stack once the registry is written. */
  apply: boolean;
}

export const ONBOARD_USAGE =
  "usage: npm run onboard -- --stack <env> --account-id <12 digits> --name <slug> " +
  "[--regions r1,r2] [--role-name <role>] [--dry-run | --apply]";
export const OFFBOARD_USAGE =
  "usage: npm run offboard -- --stack <env> --account-id <12 digits> [--dry-run | --apply]";

function parseFlags(
  argv: readonly string[],
  valued: readonly string[],
): { values: Record<string, string>; dryRun: boolean; apply: boolean } {
  const values: Record<string, string> = {};
  let dryRun = false;
  let apply = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--dry-run" || flag === "--apply") {
      if (flag === "--dry-run") dryRun = true;
      else apply = true;
      continue;
    }
    if (!valued.includes(flag)) {
      throw new UsageError(
        `unknown argument "${flag}" (expected ${[...valued, "--dry-run", "--apply"].join(", ")})`,
      );
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--"))
      throw new UsageError(`${flag} needs a value`);
    if (values[flag.slice(2)] !== undefined) throw new UsageError(`${flag} is given twice`);
    values[flag.slice(2)] = value;
    i++;
  }
  if (dryRun && apply) {
    throw new UsageError("--dry-run and --apply contradict each other: choose one");
  }
  return { values, dryRun, apply };
}

function required(values: Record<string, string>, key: string): string {
  const v = values[key];
  if (v === undefined) throw new UsageError(`--${key} is required`);
  return v;
}

/** The `--stack` value, which names a file: a stack name, never a path. */
function stackName(values: Record<string, string>): string {
  const stack = required(values, "stack");
  const problem = stackNameProblem(stack);
  if (problem !== undefined) throw new UsageError(`--stack ${problem}`);
  return stack;
}

/** @throws UsageError naming the flag that is unknown, missing or without a value. */
export function parseOnboardArgs(argv: readonly string[]): OnboardArgs {
  const { values, dryRun, apply } = parseFlags(argv, [
    "--stack",
    "--account-id",
    "--name",
    "--regions",
    "--role-name",
  ]);
  const regions = values["regions"];
  return {
    stack: stackName(values),
    accountId: required(values, "account-id"),
    name: required(values, "name"),
    regions: regions === undefined ? undefined : regions.split(",").map((r) => r.trim()),
    roleName: values["role-name"],
    dryRun,
    apply,
  };
}

/** @throws UsageError naming the flag that is unknown, missing or without a value. */
export function parseOffboardArgs(argv: readonly string[]): OffboardArgs {
  const { values, dryRun, apply } = parseFlags(argv, ["--stack", "--account-id"]);
  return {
    stack: stackName(values),
    accountId: required(values, "account-id"),
    dryRun,
    apply,
  };
}
