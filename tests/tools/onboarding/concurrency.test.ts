import * as assert from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { runOnboard } from "../../../tools/onboarding/commands";
import {
  FileLockedError,
  lockFileOf,
  replaceFileAtomically,
  withFileLock,
} from "../../../tools/onboarding/lockedFile";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";

const WORKER = path.join(__dirname, "onboardWorker.ts");
const MEMBERS = "logging-platform:members";

function scratchProgram(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "onboard-lock-"));
  for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml"]) {
    fs.copyFileSync(path.join(PLATFORM_DIR, f), path.join(dir, f));
  }
  return dir;
}

function memberIds(text: string): string[] {
  const doc = parse(text) as { config: Record<string, Array<{ id: string }>> };
  return doc.config[MEMBERS].map((m) => m.id);
}

interface Finished {
  code: number | null;
  stderr: string;
}

function run(child: ChildProcess): Promise<Finished> {
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

/** A pid no process has: one that just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

describe("onboarding edits under a lock", function () {
  this.timeout(180_000);
  let dir: string;
  beforeEach(() => (dir = scratchProgram()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("6 onboardings run as separate processes at once: all 6 persist, no reader sees a partial file", async () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    const before = memberIds(fs.readFileSync(file, "utf8"));
    const added = Array.from({ length: 6 }, (_, i) => ({
      id: `90000000000${i}`,
      name: `parallel-${i}`,
    }));
    const children = added.map((m) =>
      run(
        spawn(
          process.execPath,
          [
            "-r",
            "ts-node/register/transpile-only",
            WORKER,
            dir,
            "--stack",
            "prod",
            "--account-id",
            m.id,
            "--name",
            m.name,
            "--regions",
            "eu-west-1",
          ],
          { cwd: PLATFORM_DIR, stdio: ["ignore", "ignore", "pipe"] },
        ),
      ),
    );
    let done = false;
    const all = Promise.all(children).finally(() => (done = true));
    let reads = 0;
    const torn: string[] = [];
    while (!done) {
      const text = fs.readFileSync(file, "utf8");
      reads++;
      try {
        memberIds(text);
      } catch (e) {
        torn.push(`${text.length} bytes: ${(e as Error).message}`);
      }
      await new Promise((r) => setImmediate(r));
    }
    const results = await all;
    assert.deepStrictEqual(
      results.map((r) => r.code),
      [0, 0, 0, 0, 0, 0],
      results.map((r) => r.stderr).join("\n"),
    );
    assert.deepStrictEqual(torn, [], `${torn.length} of ${reads} reads saw a partial file`);
    assert.ok(reads > 10, `the reader ran only ${reads} times`);
    const after = memberIds(fs.readFileSync(file, "utf8"));
    assert.deepStrictEqual(
      [...after].sort(),
      [...before, ...added.map((m) => m.id)].sort(),
      "every onboarding persisted exactly once",
    );
    assert.deepStrictEqual(
      fs.readdirSync(dir).sort(),
      ["Pulumi.prod.yaml", "Pulumi.yaml"],
      "no lock or temporary file is left behind",
    );
  });

  it("takes over a lock whose process is gone", () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.writeFileSync(
      lockFileOf(file),
      JSON.stringify({
        pid: deadPid(),
        hostname: os.hostname(),
        acquiredAt: new Date().toISOString(),
      }),
    );
    const io = { out: () => undefined, err: (l: string) => assert.fail(l) };
    assert.strictEqual(
      runOnboard(
        ["--stack", "prod", "--account-id", "900000000009", "--name", "after-crash"],
        io,
        dir,
      ),
      0,
    );
    assert.ok(memberIds(fs.readFileSync(file, "utf8")).includes("900000000009"));
    assert.strictEqual(fs.existsSync(lockFileOf(file)), false);
  });

  it("takes over a lock older than staleAfterMs, and one that never named its holder", () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    const old = new Date(Date.now() - 3_600_000).toISOString();
    fs.writeFileSync(
      lockFileOf(file),
      JSON.stringify({ pid: process.pid, hostname: "another-host", acquiredAt: old }),
    );
    assert.strictEqual(
      withFileLock(file, () => "edited", { timeoutMs: 1_000 }),
      "edited",
    );
    fs.writeFileSync(lockFileOf(file), "");
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFileOf(file), past, past);
    assert.strictEqual(
      withFileLock(file, () => "edited again", { timeoutMs: 1_000 }),
      "edited again",
    );
    assert.strictEqual(fs.existsSync(lockFileOf(file)), false);
  });

  it("fails loudly, naming the holder, when a live edit keeps the lock", () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    const holder = {
      pid: process.pid,
      hostname: os.hostname(),
      acquiredAt: new Date().toISOString(),
    };
    fs.writeFileSync(lockFileOf(file), JSON.stringify(holder));
    assert.throws(
      () => withFileLock(file, () => assert.fail("ran without the lock"), { timeoutMs: 200 }),
      (e: unknown) =>
        e instanceof FileLockedError &&
        e.message ===
          `Pulumi.prod.yaml is being edited by process ${process.pid} on ${os.hostname()} since ` +
            `${holder.acquiredAt}; waited 0 s. Try again, or remove ${lockFileOf(file)} if no edit is running.`,
    );
    assert.ok(fs.existsSync(lockFileOf(file)), "someone else's live lock is left alone");
  });

  it("releases the lock when the edit throws", () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    assert.throws(() =>
      withFileLock(file, () => {
        throw new Error("boom");
      }),
    );
    assert.strictEqual(fs.existsSync(lockFileOf(file)), false);
  });

  it("replaces a file by rename, keeping its mode and leaving no temporary file", () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.chmodSync(file, 0o640);
    const inode = fs.statSync(file).ino;
    replaceFileAtomically(file, "config: {}\n");
    assert.strictEqual(fs.readFileSync(file, "utf8"), "config: {}\n");
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o640);
    assert.notStrictEqual(fs.statSync(file).ino, inode, "a new file was renamed into place");
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["Pulumi.prod.yaml", "Pulumi.yaml"]);
  });
});
