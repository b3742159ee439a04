import { realTimers } from '../contract/timers.js';
import { randomBytes } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * A lock shared by every process that edits one file (the desktop app, the browser mode and the CLI share a data
 * folder): `<file>.lock`, created exclusively (O_EXCL) and naming its holder. A holder that is gone (its process
 * died, even by SIGKILL) is noticed by its pid at once, so a crash never locks the folder for good.
 *
 * Not proper-lockfile: it has had no release since 2021 and tells a dead holder only by the lock's age, refreshed on
 * a timer, so a crashed app would block the other for that long, and a main process stalled by a long synchronous
 * parse would have its lock taken from under it (which that library reports by throwing from a timer).
 */

/** This process as lock files name it: a pid alone may be the next process's after a crash (in a container, say). */
const SELF = { pid: process.pid, host: hostname(), process: randomBytes(8).toString('hex') };

/** Tokens of the locks this process holds now: a lock file of this process with another token was left behind. */
const heldHere = new Set<string>();

const HolderSchema = z.object({ pid: z.number().int(), host: z.string(), process: z.string(), token: z.string() });
type Holder = z.infer<typeof HolderSchema>;

/**
 * Longest a lock is left alone whose holder cannot be seen to be gone (it is on another machine sharing the folder,
 * or its pid now belongs to another process). An edit holds the lock for milliseconds.
 */
const ABANDONED_MS = 120_000;
/** A lock file still empty this long: its writer died between creating and filling it. */
const UNFILLED_MS = 10_000;
const MAX_POLL_MS = 50;

interface HeldLock {
  path: string;
  text: string;
  token: string;
}

/** Runs `task` while holding the lock of `path` (whose folder must exist); other processes' tasks wait for it. */
export async function withFileLock<T>(path: string, task: () => Promise<T>): Promise<T> {
  const lock = await acquire(`${path}.lock`);
  try {
    return await task();
  } finally {
    await release(lock);
  }
}

async function acquire(path: string): Promise<HeldLock> {
  let poll = 1;
  for (;;) {
    const held = await create(path);
    if (held) return held;
    const seen = await look(path);
    // Gone since: try again at once. Abandoned: take it away, then try again.
    if (seen === undefined) continue;
    if (abandoned(seen)) {
      await breakLock(path, seen.text);
      continue;
    }
    await delay(poll);
    poll = Math.min(poll * 2, MAX_POLL_MS);
  }
}

/** Creates the lock file if there is none; undefined when another holds it. */
async function create(path: string): Promise<HeldLock | undefined> {
  const holder: Holder = { ...SELF, token: randomBytes(8).toString('hex') };
  const text = JSON.stringify(holder);
  // Known as held here before the file can be seen: another store of this process that reads it while it is being
  // written (or before the caller gets it back) must not take it for one a failed release left behind.
  heldHere.add(holder.token);
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    heldHere.delete(holder.token);
    if (taken(error)) return undefined;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } catch (error) {
    // A full disk, say: an empty lock would hold the others up until it is old enough to be taken away.
    await handle.close();
    await unlink(path).catch(() => undefined);
    heldHere.delete(holder.token);
    throw error;
  }
  await handle.close();
  return { path, text, token: holder.token };
}

/** EEXIST; on Windows a lock file being deleted refuses to be created or read with EPERM for that moment. */
function taken(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || (process.platform === 'win32' && code === 'EPERM');
}

async function look(path: string): Promise<{ text: string; ageMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, ageMs: realTimers.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Being deleted, on Windows: as good as held, for a moment.
    if (taken(error)) return { text: '', ageMs: 0 };
    throw error;
  }
}

function abandoned({ text, ageMs }: { text: string; ageMs: number }): boolean {
  let holder: Holder;
  try {
    holder = HolderSchema.parse(JSON.parse(text));
  } catch {
    return ageMs > UNFILLED_MS;
  }
  if (holder.host === SELF.host) {
    // This process: held by another of its stores (which will let go), or left behind by a release that failed.
    if (holder.pid === SELF.pid) return holder.process !== SELF.process || !heldHere.has(holder.token);
    if (!alive(holder.pid)) return true;
  }
  return ageMs > ABANDONED_MS;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process; ESRCH: it is gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes an abandoned lock, once. Two processes may find it abandoned together: the one that also creates the
 * `.break` file checks that the lock is still the one it judged before removing it, so a fresh lock taken meanwhile
 * is never removed. A `.break` file left by a process that died while breaking is itself removed once abandoned.
 */
async function breakLock(path: string, judged: string): Promise<void> {
  const breaker = `${path}.break`;
  const held = await create(breaker);
  if (!held) {
    const seen = await look(breaker);
    if (seen && abandoned(seen)) await removeIfSame(breaker, seen.text);
    else await delay(1);
    return;
  }
  try {
    await removeIfSame(path, judged);
  } finally {
    await release(held);
  }
}

/**
 * Ours unless it was taken away as abandoned meanwhile: then it is another holder's, and stays. A lock that cannot be
 * removed (a virus scanner holding it open on Windows) does not fail the edit that was made: it is abandoned, and
 * taken away as such.
 */
async function release(lock: HeldLock): Promise<void> {
  await removeIfSame(lock.path, lock.text).catch(() => undefined);
  heldHere.delete(lock.token);
}

async function removeIfSame(path: string, text: string): Promise<void> {
  const now = await readFile(path, 'utf8').catch(() => undefined);
  if (now !== text) return;
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
