import { randomBytes } from 'node:crypto';

interface Session {
  user: string;
  deviceId: string;
  lastUsedMs: number;
  ttlMs: number;
  expired: boolean;
}

/** Issued tokens with Commvault's idle expiry; expired tokens can still be renewed by the same device. */
export class TokenStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly defaultTtlSeconds: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  issue(user: string, deviceId: string, ttlSeconds = this.defaultTtlSeconds): string {
    const token = `QSDK ${randomBytes(96).toString('hex')}`;
    this.sessions.set(token, { user, deviceId, lastUsedMs: this.nowMs(), ttlMs: ttlSeconds * 1000, expired: false });
    return token;
  }

  /** The user of a live token (and the idle clock restarts), or undefined for unknown or expired ones. */
  use(token: string | undefined): string | undefined {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session) return undefined;
    if (session.expired || this.nowMs() - session.lastUsedMs > session.ttlMs) {
      session.expired = true;
      return undefined;
    }
    session.lastUsedMs = this.nowMs();
    return session.user;
  }

  renew(token: string, deviceId: string): string | undefined {
    const session = this.sessions.get(token);
    if (!session || session.deviceId !== deviceId) return undefined;
    this.sessions.delete(token);
    return this.issue(session.user, deviceId, session.ttlMs / 1000);
  }

  revoke(token: string | undefined): boolean {
    return token ? this.sessions.delete(token) : false;
  }

  expireAll(): void {
    for (const session of this.sessions.values()) session.expired = true;
  }

  /** Forget everything, so even renewal fails (as after a CommServe restart). */
  revokeAll(): void {
    this.sessions.clear();
  }
}
