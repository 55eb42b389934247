import * as fs from "fs";
import * as path from "path";
import { LoadedStack, StackConfigError, listStacks, loadStack } from "./stackConfig";

/** The repository root: the platform's own Pulumi program. */
export const PLATFORM_DIR = path.resolve(__dirname, "..", "..");

/**
 * Resolves a `--stack` argument: a stack name of the platform (`dev`, `prod`), or the path of
 * another Pulumi program directory, optionally suffixed `:<stack>` when it defines several.
 */
export function resolveStack(arg: string, cwd: string = process.cwd()): LoadedStack {
  const [target, explicitStack] = splitStackArg(arg);
  const asPath = path.resolve(cwd, target);
  if (target.includes("/") || target.startsWith(".") || isProgramDir(asPath)) {
    if (!isProgramDir(asPath)) {
      throw new StackConfigError(
        `--stack ${arg}: ${asPath} is not a Pulumi program directory (no Pulumi.yaml)`,
      );
    }
    const stacks = listStacks(asPath);
    const stack = explicitStack ?? (stacks.length === 1 ? stacks[0] : undefined);
    if (stack === undefined) {
      throw new StackConfigError(
        `--stack ${arg}: ${asPath} defines ${stacks.length === 0 ? "no stacks" : `several stacks (${stacks.join(", ")})`}; ` +
          `name one as ${target}:<stack>`,
      );
    }
    return loadStack(asPath, stack);
  }
  return loadStack(PLATFORM_DIR, target);
}

function splitStackArg(arg: string): [string, string | undefined] {
  const cut = arg.lastIndexOf(":");
  return cut > 0 ? [arg.slice(0, cut), arg.slice(cut + 1)] : [arg, undefined];
}

function isProgramDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, "Pulumi.yaml"));
}
