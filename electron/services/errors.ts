import { AppFailure, appError, type AppError } from '../contract/errors.js';
import { describeStorageError } from '../storage/storageErrors.js';

/** Any thrown value → a serialisable AppError. Unknown failures keep their message, never a stack. */
export function toAppError(error: unknown): AppError {
  // CommvaultError is an AppFailure: it carries its AppError already.
  if (error instanceof AppFailure) return error.error;
  const storage = describeStorageError(error);
  if (storage) return appError('storage', storage);
  const message = error instanceof Error ? error.message : String(error);
  return appError('internal', `Something went wrong in DR Job Stats: ${message}`);
}
