import { runOnboard } from "./onboarding/commands";

process.exitCode = runOnboard(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
