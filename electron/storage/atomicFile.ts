import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';

/**
 * Writes a file so that a crash at any moment leaves either the old content or the new, never a mix: the data
 * goes to a temporary file beside the target, is flushed to disk, then renamed over it.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempBeside(path);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * The same for content written as a stream (exports of any size): into a temporary file beside the target, flushed,
 * then renamed over it, so a failed or interrupted export never leaves half a file. Returns the size written.
 */
export async function writeFileAtomicStreamed(
  path: string,
  write: (out: Writable) => Promise<void>,
  mode = 0o644,
): Promise<number> {
  const temp = tempBeside(path);
  const out = createWriteStream(temp, { mode });
  try {
    await write(out);
    // The stream's own close, and any error it reports at the end (a flush, or a network drive failing at close),
    // come before the file is published; a writer that did not end the stream has it ended here.
    if (!out.writableEnded) out.end();
    await finished(out);
    const handle = await open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    await rename(temp, path);
  } catch (error) {
    await closeForGood(out);
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
  return (await stat(path)).size;
}

/**
 * Stops a file stream and waits until its file is closed. The stream opens its file in the background; removing the
 * file before that open has settled would let the open create it again afterwards.
 */
async function closeForGood(out: WriteStream): Promise<void> {
  if (out.closed) return;
  const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
  out.destroy();
  await closed;
}

/** A temporary name beside the target; the pid lets the runs library tell a live writer's file from a stale one. */
function tempBeside(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Makes the rename itself durable; directories cannot be opened this way on Windows, where rename is enough. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
