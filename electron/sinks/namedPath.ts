import { createWriteStream } from 'node:fs';
import { lstat, readlink, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { AppFailure, appError } from '../contract/errors.js';
import { writeFileAtomicStreamed } from '../storage/atomicFile.js';
import { describeStorageError } from '../storage/storageErrors.js';

/** How the headless export writes to the paths it was given (namedPathsSink.ts). */
export interface PathSinkOptions {
  /** Where `-` writes (tests give their own). */
  stdout?: NodeJS.WritableStream;
}

/**
 * Writes to what `path` names, without ever putting something else in its place:
 * - a regular file (or a name not yet taken) gets the content atomically (temporary file, flush, rename);
 * - a symbolic link keeps being a link: its final target gets the content atomically;
 * - a FIFO, a device or `-` (standard output) is written into as a stream, since renaming a file over it would replace
 *   the pipe a scheduled job reads from, or a device such as /dev/null, with a regular file.
 * Returns the bytes written.
 */
export async function writeToNamedPath(
  path: string,
  write: (out: Writable) => Promise<void>,
  options: PathSinkOptions = {},
): Promise<number> {
  try {
    return await writeTo(path, write, options);
  } catch (error) {
    // Said with the path the user named, not the temporary file beside it.
    const cause = describeStorageError({ code: (error as NodeJS.ErrnoException).code, path });
    if (cause) throw new AppFailure(appError('storage', cause));
    throw error;
  }
}

async function writeTo(
  path: string,
  write: (out: Writable) => Promise<void>,
  { stdout = process.stdout }: PathSinkOptions,
): Promise<number> {
  if (path === '-') return writeInto(stdout, write, false);
  const target = await followLinks(path);
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (info?.isDirectory()) throw new AppFailure(appError('storage', `${path} is a folder: name a file to write.`));
  if (info && !info.isFile()) return writeInto(createWriteStream(target, { flags: 'w' }), write, true);
  return writeFileAtomicStreamed(target, write);
}

/** The path a chain of symbolic links ends at (which need not exist yet). */
async function followLinks(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw new AppFailure(appError('storage', `${path} is a loop of symbolic links.`));
}

/** Streams the content into `destination`, counting it; ends it only when it is ours to end (not stdout). */
async function writeInto(
  destination: NodeJS.WritableStream,
  write: (out: Writable) => Promise<void>,
  end: boolean,
): Promise<number> {
  const target = destination as Writable;
  let bytes = 0;
  const counted = new PassThrough();
  counted.on('data', (chunk: Buffer) => (bytes += chunk.length));
  counted.pipe(target, { end });
  let onError: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (onError = reject));
  target.once('error', onError);
  try {
    await Promise.race([
      (async () => {
        await write(counted);
        if (!counted.writableEnded) counted.end();
        await finished(counted);
        if (end) await finished(target);
      })(),
      failed,
    ]);
  } finally {
    target.off('error', onError);
    if (end && !target.closed) target.destroy();
  }
  return bytes;
}
