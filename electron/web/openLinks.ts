import { createHash, randomBytes } from 'node:crypto';

export type Redeemed = 'ok' | 'used' | 'expired' | 'unknown';

const NEW_LINK = 'press Enter in the terminal where `npm run web` runs for a new link';

/** What a refused link says in the page's error banner: why, and how to get in. */
export function refusalFor(verdict: Exclude<Redeemed, 'ok'>, lifetimeMs: number): string {
  switch (verdict) {
    case 'used':
      return (
        `This link was already used: each link opens DR Job Stats once. To open it again, ${NEW_LINK}. ` +
        'If you did not open it yourself, someone else may have: stop DR Job Stats (Ctrl+C) and start it again.'
      );
    case 'expired':
      return `This link has expired: a link opens DR Job Stats only within ${Math.round(lifetimeMs / 60_000)} minutes. To open it, ${NEW_LINK}.`;
    case 'unknown':
      return `This link is not from this run of DR Job Stats (was it restarted?). To open it, ${NEW_LINK}.`;
  }
}

/**
 * The one-time links' nonces: each opens the page once, within its lifetime. The command line that opens the
 * browser is readable by every local user (/proc, `ps`), so what it carries must be worthless once the browser has
 * used it, and soon even when it has not.
 *
 * Only a hash of each nonce is kept (a lookup by a guessed value then compares hashes, not the nonce itself), with
 * whether it was used, so a second use can be told apart from a link this run never made. Links are only made by
 * the user at the terminal, one per start or key press, so the list stays tiny and is never pruned.
 */
export class OpenLinks {
  private readonly issued = new Map<string, { expiresAt: number; used: boolean }>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}

  /** A new nonce, valid once within the lifetime. */
  issue(): string {
    const nonce = randomBytes(24).toString('base64url');
    this.issued.set(digest(nonce), { expiresAt: this.now() + this.lifetimeMs, used: false });
    return nonce;
  }

  /** Uses the nonce up: 'ok' the first time within its lifetime, never again. */
  redeem(nonce: string): Redeemed {
    const entry = this.issued.get(digest(nonce));
    if (!entry) return 'unknown';
    if (entry.used) return 'used';
    if (this.now() > entry.expiresAt) return 'expired';
    entry.used = true;
    return 'ok';
  }
}

function digest(nonce: string): string {
  return createHash('sha256').update(nonce).digest('base64url');
}
