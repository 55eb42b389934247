import { runOffboard } from "./onboarding/commands";

process.exitCode = runOffboard(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
