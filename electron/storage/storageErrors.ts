import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFailure, appError } from '../contract/errors.js';
import { writeFileAtomic } from './atomicFile.js';

/** File-system failures an admin can act on, in their words. */
const CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied (not allowed)',
  ENOTDIR: 'a file is in the way of a folder',
  ENOENT: 'a folder on its path does not exist',
  EISDIR: 'a folder is in the way of a file',
  EMFILE: 'too many files are open',
  EBUSY: 'the file is in use',
};

/** The user's words for a file-system error, or undefined when it is not one. */
export function describeStorageError(error: unknown): string | undefined {
  const { code, path, dest } = (error ?? {}) as { code?: unknown; path?: unknown; dest?: unknown };
  if (typeof code !== 'string' || !(code in CAUSES)) return undefined;
  const where = typeof dest === 'string' ? dest : typeof path === 'string' ? path : 'a file';
  return `Could not write ${where}: ${CAUSES[code]} (${code}).`;
}

/** Raised before anything else starts when the data folder cannot hold settings and saved runs. */
export class DataFolderError extends AppFailure {
  constructor(message: string) {
    super(appError('storage', message));
  }
}

/**
 * Checks at start-up that the data folder can be written (a read-only, full or blocked folder otherwise fails later,
 * in the middle of a save), and says which folder and why.
 */
export async function ensureWritableDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    const probe = join(dataDir, '.write-check');
    await writeFileAtomic(probe, 'ok');
    await rm(probe, { force: true });
  } catch (error) {
    const cause = describeStorageError(error) ?? `Could not write there (${(error as Error).message}).`;
    throw new DataFolderError(
      `The data folder ${dataDir} cannot be used. ${cause} Choose another folder with --data-dir, or free space or fix its permissions.`,
    );
  }
}
