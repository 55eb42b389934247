import { runFleetAfter } from "./onboarding/apply";
import { runOnboard } from "./onboarding/commands";

const argv = process.argv.slice(2);
const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
runFleetAfter("onboard", argv, runOnboard(argv, io), io).then((code) => {
  process.exitCode = code;
});
