import { PLATFORM_DIR } from "./offline/resolveStack";
import { runCost } from "./cost/cli";

const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
process.exitCode = runCost(process.argv.slice(2), PLATFORM_DIR, io);
