import { z } from 'zod';

/** Every failure crosses the bridge as this plain value; the UI switches on `kind`, never parses text. */
export const AppErrorKindSchema = z.enum([
  'invalid-input',
  'bad-credentials',
  'session-expired',
  'server-error',
  'not-found',
  'unexpected-response',
  'too-large',
  'timeout',
  'cancelled',
  'refused',
  'dns',
  'tls',
  'network',
  'keychain',
  'storage',
  'internal',
]);
export type AppErrorKind = z.infer<typeof AppErrorKindSchema>;

export const AppErrorSchema = z.object({
  kind: AppErrorKindSchema,
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type AppError = z.infer<typeof AppErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function appError(kind: AppErrorKind, message: string, details: AppError['details'] = {}): AppError {
  return { kind, message, details };
}

/** The one throwable failure: services throw it with the AppError the user will see (CommvaultError is the CommServe's). */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}
