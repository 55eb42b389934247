import { AutomationRunner } from "../fleet/automation";
import { FleetDeps, fleetCommand } from "../fleet/cli";
import { parseOffboardArgs, parseOnboardArgs } from "./args";
import { CommandIo, fleetArgvFor } from "./commands";

/**
 * With `--apply`, once the registry edit is written (`registryCode` 0), runs the fleet for that
 * one account: `up` of the new member's stack, or `destroy` of the offboarded one's. Otherwise
 * returns the edit's exit code: the printed next steps are for the user to run.
 */
export async function runFleetAfter(
  command: "onboard" | "offboard",
  argv: readonly string[],
  registryCode: number,
  io: CommandIo,
  deps: FleetDeps = { runner: () => new AutomationRunner() },
): Promise<number> {
  if (registryCode !== 0) return registryCode;
  const args = command === "onboard" ? parseOnboardArgs(argv) : parseOffboardArgs(argv);
  if (!args.apply) return 0;
  return fleetCommand(fleetArgvFor(command, args.stack, args.accountId), io, deps);
}
