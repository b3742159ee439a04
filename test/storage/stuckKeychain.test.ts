import { execFileSync } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { KeychainSecretStore, type KeytarLike } from '../../electron/storage/secretStore.js';
import { ManualTimers } from '../helpers/manualTimers.js';

let dir: string;
let fifo: string;
/** While true, the fake keychain blocks; the clean-up clears it first, so calls queued behind a released one pass. */
let stuck = false;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-stuck-'));
  fifo = join(dir, 'keychain.fifo');
  execFileSync('mkfifo', [fifo]);
});
afterEach(async () => {
  stuck = false;
  // Release every thread still blocked on the FIFO: a writer that opens it lets the pending opens finish.
  const writer = await open(fifo, 'w');
  await writer.close();
  await rm(dir, { recursive: true, force: true });
});

it('a keychain that never answers holds at most one I/O thread: files still read at once', async () => {
  // Like keytar waiting on an unlock prompt: each call blocks a libuv worker thread (opening a FIFO with no writer
  // does exactly that) and never returns.
  let blockedThreads = 0;
  const hung = <T>(answer: T) => {
    if (!stuck) return Promise.resolve(answer);
    blockedThreads++;
    return readFile(fifo, 'utf8') as Promise<never>;
  };
  const keytar: KeytarLike = {
    getPassword: () => hung(null),
    setPassword: () => hung(undefined),
    deletePassword: () => hung(true),
  };
  // The timeouts wait on manual timers: the test says when the keychain has taken too long.
  const timers = new ManualTimers();
  const store = new KeychainSecretStore(keytar, { timeoutMs: 200, timers });
  // The keychain worked at start-up, then got stuck (locked with an unlock prompt nobody answers).
  expect((await store.status()).state).toBe('available');
  expect(timers.pending).toEqual([]);
  stuck = true;
  // Many sign-ins and status checks at once, as a busy start-up makes them.
  const calls = Array.from({ length: 8 }, (_, i) => store.set(`conn-${i}`, 'QSDK token'));
  // Every call is bounded by its own timeout; then their time runs out.
  await timers.whenPending(8);
  expect(timers.pending).toEqual(Array.from({ length: 8 }, () => 200));
  for (let i = 0; i < 8; i++) timers.fire();
  // Every caller still got an answer: the secrets stay in memory, and the status says why.
  await Promise.all(calls);
  expect(await store.get('conn-3')).toBe('QSDK token');
  expect(await store.status()).toEqual({
    state: 'locked',
    detail: expect.stringMatching(
      /^The keychain did not answer \(it may be waiting for you to unlock it\), .* To fix: unlock it/,
    ),
  });
  // Only the first call ever reached the keychain: one thread is held, libuv's other three are free...
  expect(blockedThreads).toBe(1);
  // ...so a file is read at once (were all four held, this read would never finish).
  const plain = join(dir, 'settings.json');
  await writeFile(plain, '{}');
  expect(await readFile(plain, 'utf8')).toBe('{}');
});
