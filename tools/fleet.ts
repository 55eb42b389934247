import { AutomationRunner } from "./fleet/automation";
import { fleetCommand } from "./fleet/cli";
import { OfflineRunner } from "./fleet/offline";

fleetCommand(
  process.argv.slice(2),
  { out: (line) => console.log(line), err: (line) => console.error(line) },
  {
    runner: (args) => (args.offline ? new OfflineRunner(args.concurrency) : new AutomationRunner()),
  },
).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`fleet: failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
