import * as fs from "fs";
import * as path from "path";
import { loadRegistry, memberStack, parseMemberStackName } from "../fleet/registry";
import { LoadedStack, StackConfigError, listStacks, loadStack } from "./stackConfig";

/** The repository root: the platform's own Pulumi program. */
export const PLATFORM_DIR = path.resolve(__dirname, "..", "..");

/**
 * Resolves a `--stack` argument: a stack name of the platform (`dev`, `prod`), a member stack
 * of one (`prod-456789012345`, derived from the registry in `Pulumi.prod.yaml`), or the path of
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
  const member = parseMemberStackName(target);
  if (member !== undefined && fs.existsSync(path.join(PLATFORM_DIR, `Pulumi.${member.env}.yaml`))) {
    return memberStack(loadRegistry(PLATFORM_DIR, member.env), member.accountId);
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
