import * as fs from "fs";
import { formatInventory } from "./offline/inventory";
import { resolveStack } from "./offline/resolveStack";
import { isConfigError, synthesizeStack } from "./offline/synthesize";

const USAGE =
  "usage: npm run preview:offline -- --stack <dev|prod|program-dir[:stack]> [--json <file>]";

interface Args {
  stack: string;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  let stack: string | undefined;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (
      (flag === "--stack" || flag === "--json") &&
      (value === undefined || value.startsWith("--"))
    ) {
      throw new UsageError(`${flag} needs a value`);
    }
    if (flag === "--stack") stack = value;
    else if (flag === "--json") json = value;
    else throw new UsageError(`unknown argument "${flag}"`);
    i++;
  }
  if (!stack) throw new UsageError("--stack is required");
  return { stack, json };
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`preview:offline: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const loaded = resolveStack(args.stack);
    const plan = await synthesizeStack(loaded);
    console.log(`stack ${loaded.project}/${loaded.stack} (offline, mock cloud)`);
    console.log(formatInventory(plan));
    if (args.json) {
      fs.writeFileSync(args.json, JSON.stringify(plan, null, 2) + "\n");
      console.log(`plan written to ${args.json}`);
    }
    return 0;
  } catch (e) {
    if (isConfigError(e)) {
      console.error(`preview:offline: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`preview:offline: synthesis failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
