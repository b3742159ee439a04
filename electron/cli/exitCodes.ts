import { AppFailure, type AppErrorKind } from '../contract/errors.js';

/** Exit codes, for cron and schedulers. */
export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, server: 4, file: 5, notReady: 6, notVerified: 7 } as const;

/**
 * The exit code for each kind of failure, so a scheduler can tell "sign in again" (3) from "the CommServe or the
 * network failed" (4) from "a file could not be read or written" (5).
 */
export const EXIT_BY_KIND: Record<AppErrorKind, number> = {
  'invalid-input': EXIT.usage,
  'bad-credentials': EXIT.auth,
  'session-expired': EXIT.auth,
  'server-error': EXIT.server,
  'not-found': EXIT.server,
  'unexpected-response': EXIT.server,
  'too-large': EXIT.server,
  timeout: EXIT.server,
  cancelled: EXIT.failure,
  refused: EXIT.server,
  dns: EXIT.server,
  tls: EXIT.server,
  network: EXIT.server,
  keychain: EXIT.failure,
  storage: EXIT.file,
  internal: EXIT.failure,
};

/**
 * Says what failed, in one line, and returns the exit code for its kind. Failures come from the core's channels as
 * the AppError they carry; anything else the command itself threw is a file failure when the OS named one (a file
 * it was pointed at), else unexpected.
 */
export function fail(error: unknown, err: (line: string) => void): number {
  err(`error: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof AppFailure) return EXIT_BY_KIND[error.error.kind];
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') return EXIT.file;
  return EXIT.failure;
}
