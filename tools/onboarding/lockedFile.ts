import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Cross-process exclusive editing of one file, with no dependency: a lock file created with
 * O_CREAT|O_EXCL beside it (atomic on every local file system), and replacement by rename, so a
 * reader sees either the old file or the new one, never a partial one.
 */

/** The lock could not be taken in time: another edit holds it. Nothing was changed. */
export class FileLockedError extends Error {
  override readonly name = "FileLockedError";
}

/** What a lock file records about its holder, to tell a live holder from a dead one. */
interface LockOwner {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  acquiredAt: string;
}

/** How long to wait for a lock and when a held lock counts as abandoned. */
export interface LockOptions {
  /** Give up after this many milliseconds of waiting. Default: 30 000. */
  timeoutMs?: number;
  /**
   * A lock older than this is abandoned even when its holder's process cannot be checked (another
   * host). Default: 600 000 (an edit takes well under a second).
   */
  staleAfterMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_STALE_AFTER_MS = 600_000;
/** A lock file with no owner yet is being written by its creator for at most this long. */
const UNWRITTEN_GRACE_MS = 5_000;

/** The lock file that guards `file`. */
export function lockFileOf(file: string): string {
  return `${file}.lock`;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Whether a process of this host is alive (EPERM: alive, owned by another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === "EPERM";
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    return typeof v.pid === "number" &&
      typeof v.hostname === "string" &&
      typeof v.acquiredAt === "string"
      ? (v as LockOwner)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The lock file as seen once: its content and identity (so a later look can tell it changed). */
interface LockSighting {
  text: string;
  ino: number;
  mtimeMs: number;
}

function sight(lock: string): LockSighting | undefined {
  try {
    const st = fs.statSync(lock);
    return { text: fs.readFileSync(lock, "utf8"), ino: st.ino, mtimeMs: st.mtimeMs };
  } catch (e) {
    if (errorCode(e) === "ENOENT") return undefined;
    throw e;
  }
}

function sameSighting(a: LockSighting | undefined, b: LockSighting | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.mtimeMs === b.mtimeMs;
}

/** Why a sighted lock is abandoned, or undefined while its holder may still be working. */
function staleReason(s: LockSighting, staleAfterMs: number, now: number): string | undefined {
  const owner = parseOwner(s.text);
  if (owner === undefined) {
    return now - s.mtimeMs > UNWRITTEN_GRACE_MS ? "it names no holder" : undefined;
  }
  if (owner.hostname === os.hostname() && !processAlive(owner.pid)) {
    return `its holder, process ${owner.pid}, is gone`;
  }
  const age = now - Date.parse(owner.acquiredAt);
  return age > staleAfterMs ? `it is ${Math.round(age / 1000)} s old` : undefined;
}

function describeHolder(s: LockSighting | undefined): string {
  const owner = s === undefined ? undefined : parseOwner(s.text);
  return owner === undefined
    ? "another process"
    : `process ${owner.pid} on ${owner.hostname} since ${owner.acquiredAt}`;
}

/**
 * Removes an abandoned lock. Only the holder of the `.break` lock may remove a lock it does not
 * own, and only if the lock is still the one judged abandoned (same inode and time): otherwise
 * two processes judging the same lock stale could remove a fresh lock taken between them.
 */
function breakLock(lock: string, judged: LockSighting): void {
  const breaker = `${lock}.break`;
  let fd: number;
  try {
    fd = fs.openSync(breaker, "wx");
  } catch (e) {
    if (errorCode(e) !== "EEXIST") throw e;
    // A breaker dies between two syscalls at most; an old one is left over from a crash.
    const st = fs.statSync(breaker, { throwIfNoEntry: false });
    if (st !== undefined && Date.now() - st.mtimeMs > UNWRITTEN_GRACE_MS) {
      fs.rmSync(breaker, { force: true });
    }
    return;
  }
  try {
    if (sameSighting(sight(lock), judged)) fs.rmSync(lock, { force: true });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(breaker, { force: true });
  }
}

function tryAcquire(lock: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lock, "wx", 0o644);
  } catch (e) {
    if (errorCode(e) === "EEXIST") return false;
    throw e;
  }
  try {
    fs.writeSync(fd, JSON.stringify(owner));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * Runs `edit` while holding the exclusive lock of `file`, waiting for other holders; an abandoned
 * lock (its process gone, or older than `staleAfterMs`) is removed. The lock is released however
 * `edit` ends.
 * @throws FileLockedError when the lock stays taken for `timeoutMs`.
 */
export function withFileLock<T>(file: string, edit: () => T, options: LockOptions = {}): T {
  const lock = lockFileOf(file);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const owner: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    acquiredAt: "",
  };
  const deadline = Date.now() + timeoutMs;
  let pause = 10;
  for (;;) {
    owner.acquiredAt = new Date().toISOString();
    if (tryAcquire(lock, owner)) break;
    const seen = sight(lock);
    if (seen !== undefined && staleReason(seen, staleAfterMs, Date.now()) !== undefined) {
      breakLock(lock, seen);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new FileLockedError(
        `${path.basename(file)} is being edited by ${describeHolder(seen)}; waited ` +
          `${Math.round(timeoutMs / 1000)} s. Try again, or remove ${lock} if no edit is running.`,
      );
    }
    sleep(pause + Math.floor(Math.random() * pause));
    pause = Math.min(pause * 2, 200);
  }
  const mine = JSON.stringify(owner);
  try {
    return edit();
  } finally {
    const now = sight(lock);
    if (now !== undefined && now.text === mine) fs.rmSync(lock, { force: true });
  }
}

/**
 * Replaces `file` with `text` so that no reader ever sees a partial file: writes a temporary
 * file in the same directory, flushes it to disk, renames it over `file` (atomic on POSIX file
 * systems) and flushes the directory entry. The file's mode is kept.
 */
export function replaceFileAtomically(file: string, text: string): void {
  const dir = path.dirname(file);
  const temp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  const mode = fs.statSync(file, { throwIfNoEntry: false })?.mode ?? 0o644;
  const fd = fs.openSync(temp, "wx", mode & 0o777);
  try {
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
  syncDirectory(dir);
}

/** Makes a rename in `dir` durable; some platforms cannot open a directory for that. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch (e) {
    if (!["EISDIR", "EPERM", "EINVAL", "EBADF"].includes(errorCode(e) ?? "")) throw e;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
