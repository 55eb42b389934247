import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The platform's policy pack: what `pulumi preview --policy-pack policies` runs. */
export const PACK_DIR = path.resolve(__dirname, "..", "..", "policies");

/**
 * run-policy-pack takes the engine's address first and drops it unused (argv._.shift()), and
 * @pulumi/policy never dials the engine: its logs go to stderr. Offline no engine listens.
 */
export const ENGINE_ADDRESS = "127.0.0.1:0";

/** The pack did not start: missing directory, a load error, or no port on stdout. */
export class PackStartError extends Error {
  override readonly name = "PackStartError";
}

/** A running policy pack process serving the Analyzer service. */
export interface PackProcess {
  /** `127.0.0.1:<port>`: where its Analyzer service listens. */
  address: string;
  pid: number;
  /**
   * CPU time (user + system, all threads) the process has used so far, in ms; undefined where
   * /proc does not say (not Linux, or the process has exited).
   */
  cpuMs(): number | undefined;
  /** Ends the process and waits until it has exited. */
  stop(): Promise<void>;
}

const STDERR_KEPT = 64 * 1024;

/**
 * Starts a policy pack the way the Pulumi CLI does for a Node.js pack (its
 * `pulumi-analyzer-policy` plugin): `node <@pulumi/pulumi/cmd/run-policy-pack> <engine> .` with
 * the pack directory as working directory (`new PolicyPack` reads the version from
 * `./package.json`), @pulumi/pulumi resolved from the pack's own node_modules, and the dry-run
 * variables of a preview. The first line the pack prints is the port of its Analyzer service.
 * See packPreload.ts for the two ways the process differs from the CLI's. Aborting `signal`
 * before the pack serves kills it and rejects with a PackStartError.
 */
export function startPack(
  packDir: string = PACK_DIR,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<PackProcess> {
  const dir = path.resolve(packDir);
  if (!fs.existsSync(path.join(dir, "package.json"))) {
    return Promise.reject(
      new PackStartError(
        `policy pack ${dir} has no package.json: expected a policy pack directory`,
      ),
    );
  }
  let launcher: string;
  try {
    launcher = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
  } catch {
    return Promise.reject(
      new PackStartError(
        `policy pack ${dir}: @pulumi/pulumi is not installed for it; run npm install`,
      ),
    );
  }
  const child = spawn(
    process.execPath,
    [
      "-r",
      require.resolve("ts-node/register/transpile-only"),
      "-r",
      path.join(__dirname, "packPreload.ts"),
      launcher,
      ENGINE_ADDRESS,
      ".",
    ],
    {
      cwd: dir,
      env: { ...process.env, PULUMI_DRY_RUN: "true", PULUMI_NODEJS_DRY_RUN: "true" },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  return awaitPort(child, dir, options.timeoutMs ?? 120_000, options.signal);
}

function awaitPort(
  child: ChildProcessWithoutNullStreams,
  dir: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PackProcess> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  exited.then(
    () => process.removeListener("exit", killOnExit),
    () => undefined,
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-STDERR_KEPT);
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let started = false;
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      const said = stderr.trim();
      reject(new PackStartError(`policy pack ${dir} ${why}${said ? `:\n${said}` : ""}`));
    };
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs / 1000} s`), timeoutMs);
    child.once("error", (e) => fail(`could not be started: ${e.message}`));
    const abort = () => {
      if (!started) fail("was stopped before it served: the gate no longer needs it");
    };
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    child.once("exit", (code, signal) => {
      if (!started) fail(`exited (${signal ?? `code ${String(code)}`}) before serving`);
    });
    child.stdout.on("data", (d: Buffer) => {
      if (started) {
        // A policy's console.log: keep stdout for the gate's report.
        process.stderr.write(d);
        return;
      }
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      const first = out.slice(0, nl).trim();
      if (!/^\d+$/.test(first)) {
        fail(`printed ${JSON.stringify(first)} where the CLI expects the analyzer's port`);
        return;
      }
      started = true;
      clearTimeout(timer);
      // Once serving, neither the child nor its pipes keep the gate alive (its gRPC calls do);
      // the gate stops the pack when done, or the pack sees its stdin close.
      child.unref();
      for (const s of [child.stdin, child.stdout, child.stderr]) {
        (s as unknown as { unref?: () => void }).unref?.();
      }
      // From here on the pack's stderr is what its policies log: show it as the CLI does.
      child.stderr.removeAllListeners("data");
      child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
      resolve({
        address: `127.0.0.1:${first}`,
        pid: child.pid ?? -1,
        cpuMs: () => processCpuMs(child.pid),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            // Held again until it has exited: an unreferenced child would let the gate end first.
            child.ref();
            child.stdin.end();
            child.kill("SIGTERM");
          }
          await exited;
        },
      });
    });
  });
}

/** Linux reports /proc/<pid>/stat times in USER_HZ ticks, 100 per second on every architecture. */
const USER_HZ = 100;

/** CPU time of process `pid` from /proc, in ms; undefined when /proc cannot tell. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined || pid < 0) return undefined;
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  return cpuMsFromStat(stat);
}

/**
 * utime + stime of a /proc/<pid>/stat line, in ms. The command name (field 2) is in parentheses
 * and may itself hold spaces or parentheses, so fields are counted after its last ")".
 */
export function cpuMsFromStat(stat: string): number | undefined {
  const close = stat.lastIndexOf(")");
  if (close < 0) return undefined;
  // After ")": field 3 (state) is index 0, so utime (field 14) is 11 and stime (15) is 12.
  const fields = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / USER_HZ;
}
