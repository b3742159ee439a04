/**
 * One error type for everything that can go wrong talking to a CommServe. `kind` drives what the UI does
 * (ask for a password again, offer to pin a certificate, retry); `message` is written for an admin, not a
 * developer. Instances are plain-data friendly: `toJSON()` is what crosses the bridge.
 */
export type CommvaultErrorKind =
  | 'invalid-input'
  | 'bad-credentials'
  | 'session-expired'
  | 'server-error'
  | 'not-found'
  | 'unexpected-response'
  | 'too-large'
  | 'timeout'
  | 'cancelled'
  | 'refused'
  | 'dns'
  | 'tls'
  | 'network';

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

export class CommvaultError extends Error {
  override readonly name = 'CommvaultError';

  constructor(
    readonly kind: CommvaultErrorKind,
    message: string,
    readonly details: CommvaultErrorDetails = {},
  ) {
    super(message);
  }

  toJSON(): SerializedCommvaultError {
    return { kind: this.kind, message: this.message, details: { ...this.details } };
  }
}
