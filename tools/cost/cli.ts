import {
  ConfigValidationError,
  decodeRuntimeConfig,
  parsePlatformConfig,
  PlatformConfig,
} from "../../components/config";
import { loadStack, StackConfigError } from "../offline/stackConfig";
import { CostModelError } from "./model";
import { assumptionsTable, CostColumn, costTable, pricesTable } from "./render";

/** The columns the README shows: each example stack at 10 and at 150 accounts. */
export const README_STACKS: readonly string[] = ["dev", "prod"];
export const README_ACCOUNTS: readonly number[] = [10, 150];

export const COST_USAGE =
  "usage: npm run cost -- [--stacks dev,prod] [--accounts 10,150] | --prices | --assumptions";

/** A stack's validated configuration, read as the program reads it. */
export function stackConfig(programDir: string, stack: string): PlatformConfig {
  return parsePlatformConfig(decodeRuntimeConfig(loadStack(programDir, stack).config));
}

/** One column per (stack, organization size), stacks first. */
export function costColumns(
  programDir: string,
  stacks: readonly string[],
  accounts: readonly number[],
): CostColumn[] {
  return stacks.flatMap((stack) => {
    const config = stackConfig(programDir, stack);
    return accounts.map((n) => ({ stack, config, accounts: n }));
  });
}

function list(flag: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") {
    throw new RangeError(`${flag} needs a comma-separated list`);
  }
  return value.split(",").map((v) => v.trim());
}

/**
 * `npm run cost`: prints the monthly cost table (markdown), or the unit prices or assumptions
 * behind it. Exit 0, or 2 for a bad command line, an unknown stack, an invalid stack or an
 * instance type without a price.
 */
export function runCost(
  argv: readonly string[],
  programDir: string,
  io: { out: (line: string) => void; err: (line: string) => void },
): number {
  let stacks = README_STACKS;
  let accounts = README_ACCOUNTS;
  try {
    for (let i = 0; i < argv.length; i++) {
      const flag = argv[i];
      if (flag === "--prices" || flag === "--assumptions") {
        if (argv.length !== 1) throw new RangeError(`${flag} takes no other option`);
        io.out(flag === "--prices" ? pricesTable() : assumptionsTable());
        return 0;
      } else if (flag === "--stacks") {
        stacks = list(flag, argv[++i]);
      } else if (flag === "--accounts") {
        accounts = list(flag, argv[++i]).map((v) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1) {
            throw new RangeError(`--accounts: "${v}" is not a whole number ≥ 1`);
          }
          return n;
        });
      } else {
        throw new RangeError(`unknown option "${flag}"`);
      }
    }
    io.out(costTable(costColumns(programDir, stacks, accounts)));
    return 0;
  } catch (e) {
    if (e instanceof RangeError) {
      io.err(`${e.message}\n${COST_USAGE}`);
      return 2;
    }
    if (
      e instanceof StackConfigError ||
      e instanceof ConfigValidationError ||
      e instanceof CostModelError
    ) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
}
