import { AppFailure, type AppError, type AppErrorKind } from '../contract/errors.js';

/** The kinds a CommServe exchange can fail with: all of the app's, less those of the app's own machinery. */
export type CommvaultErrorKind = Exclude<AppErrorKind, 'keychain' | 'storage' | 'internal'>;

export interface CommvaultErrorDetails {
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Commvault's own error code, when the body carried one. */
  serverCode?: number;
  /** The server's own text, verbatim. */
  serverMessage?: string;
  contentType?: string;
  /** A short, printable start of an unexpected body (never a token: request bodies are not echoed). */
  excerpt?: string;
  /** `isAccountLocked` lock-out: seconds until the account can sign in again. */
  lockedForSeconds?: number;
  /** TLS: SHA-256 fingerprint of the certificate the server presented, `AA:BB:…`, for pinning. */
  fingerprint256?: string;
  /** TLS / network: the low-level code (`DEPTH_ZERO_SELF_SIGNED_CERT`, `ECONNREFUSED`, …). */
  code?: string;
  url?: string;
  /** A refused redirect's target (scheme, host and path; never its query). */
  location?: string;
  limitBytes?: number;
  timeoutMs?: number;
}

export interface SerializedCommvaultError {
  kind: CommvaultErrorKind;
  message: string;
  details: CommvaultErrorDetails;
}

/**
 * Everything that can go wrong talking to a CommServe. `kind` drives what the UI does (ask for a password again,
 * offer to pin a certificate, retry); `message` is written for an admin, not a developer. It is an `AppFailure`, so
 * it carries the `AppError` that crosses the bridge; `details` keeps its typed fields for the code that reacts here.
 */
export class CommvaultError extends AppFailure {
  override readonly name = 'CommvaultError';

  constructor(
    readonly kind: CommvaultErrorKind,
    message: string,
    readonly details: CommvaultErrorDetails = {},
  ) {
    super({ kind, message, details: bridgeDetails(details) });
  }

  toJSON(): SerializedCommvaultError {
    return { kind: this.kind, message: this.message, details: { ...this.details } };
  }
}

/** The AppError's details hold no undefined (a field left out is absent, as it is after a trip over the bridge). */
function bridgeDetails(details: CommvaultErrorDetails): AppError['details'] {
  const plain: AppError['details'] = {};
  for (const [key, value] of Object.entries(details)) if (value !== undefined) plain[key] = value;
  return plain;
}
