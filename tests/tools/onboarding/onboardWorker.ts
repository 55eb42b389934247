/**
 * One `npm run onboard` as its own process, against a scratch program directory:
 * `node -r ts-node/register/transpile-only onboardWorker.ts <program dir> <onboard args...>`.
 */
import { runOnboard } from "../../../tools/onboarding/commands";

const [programDir, ...argv] = process.argv.slice(2);
process.exitCode = runOnboard(
  argv,
  { out: (line) => console.log(line), err: (line) => console.error(line) },
  programDir,
);
