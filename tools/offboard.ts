import { runFleetAfter } from "./onboarding/apply";
import { runOffboard } from "./onboarding/commands";

const argv = process.argv.slice(2);
const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
runFleetAfter("offboard", argv, runOffboard(argv, io), io).then((code) => {
  process.exitCode = code;
});
