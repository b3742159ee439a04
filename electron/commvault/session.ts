import { unexpectedResponse } from './decodeBody.js';
import { CommvaultError, type CommvaultErrorKind } from './errors.js';
import type { HttpMethod, RequestOptions, WebServiceExchange } from './exchange.js';
import type { RawResponse } from './http.js';
import { LoginResponseSchema, RenewResponseSchema, WhoAmIResponseSchema } from './rawSchemas.js';
import { readSmall, sentence, validate } from './responses.js';
import { findServerError, lockOutSeconds } from './serverErrors.js';
import { encodePassword, normaliseToken } from './tokens.js';

export interface Credentials {
  username: string;
  password: string;
  domain?: string;
}

export interface SignInResult {
  userName: string;
}

export interface SessionOptions {
  /** Stable per installation: the CommServe ties renewals to the device that logged in. */
  deviceId: string;
  /** Told whenever the token changes (login, renewal, sign-out), so a kept token can be updated. */
  onTokenChange?: (token: string | null) => void;
  /** When renewal fails: credentials for a silent re-login (only if the admin chose to remember them). */
  reloginCredentials?: () => Promise<Credentials | undefined>;
}

/** Failures of the road to the server: a renewal that meets one has learnt nothing about the session. */
const NETWORK_KINDS: ReadonlySet<CommvaultErrorKind> = new Set([
  'network',
  'timeout',
  'refused',
  'dns',
  'tls',
  'cancelled',
  'too-large',
]);

/**
 * A signed-in session on one CommServe: it owns the token, renews it once for everyone who saw it expire (or signs
 * in again when allowed), and sends authenticated requests.
 */
export class CommvaultSession {
  private token: string | null = null;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly exchange: WebServiceExchange,
    private readonly options: SessionOptions,
  ) {}

  get signedIn(): boolean {
    return this.token !== null;
  }

  /** `POST Login`. A wrong password arrives as HTTP 200 with `errList`, and becomes `bad-credentials`. */
  async login(credentials: Credentials, request: RequestOptions = {}): Promise<SignInResult> {
    const username = credentials.username.trim();
    if (!username) throw new CommvaultError('invalid-input', 'Enter a user name.');
    if (!credentials.password) throw new CommvaultError('invalid-input', 'Enter a password.');
    const body: Record<string, string> = {
      username,
      password: encodePassword(credentials.password),
      deviceId: this.options.deviceId,
    };
    if (credentials.domain?.trim()) body.domain = credentials.domain.trim();
    const raw = await this.exchange.send('POST', 'Login', { body: JSON.stringify(body), ...request });
    const parsed = readSmall(raw, ['token', 'data', 'userName'], 'sign in');
    const locked = lockOutSeconds(parsed);
    const failure = findServerError(parsed);
    if (failure || locked !== undefined) {
      const minutes = locked ? Math.ceil(locked / 60) : 0;
      const message =
        locked !== undefined
          ? `The account is locked${minutes ? ` for ${minutes} more minute${minutes === 1 ? '' : 's'}` : ''}.${failure ? ` The server said: ${failure.message}` : ''}`
          : `The CommServe did not accept the user name or password: ${sentence(failure?.message ?? 'no reason given')}`;
      throw new CommvaultError('bad-credentials', message, {
        status: raw.status,
        ...(failure?.code !== undefined ? { serverCode: failure.code } : {}),
        ...(failure ? { serverMessage: failure.message } : {}),
        ...(locked !== undefined ? { lockedForSeconds: locked } : {}),
      });
    }
    const login = validate(raw, LoginResponseSchema, parsed, 'sign-in');
    const token = login.token ?? login.data?.authToken;
    if (!token) throw unexpectedResponse(raw, 'The server accepted the sign-in but sent no token.');
    this.setToken(normaliseToken(token));
    return { userName: login.userName ?? username };
  }

  /** Uses a token the admin pasted (or one kept in the keychain) and checks it with `WhoAmI`. */
  async useToken(pasted: string, request: RequestOptions = {}): Promise<SignInResult> {
    const token = normaliseToken(pasted);
    this.token = token;
    try {
      const who = await this.whoAmI(request);
      // Reported only once the server accepted it (it may have been renewed on the way).
      if (this.token) this.options.onTokenChange?.(this.token);
      return who;
    } catch (error) {
      if (this.token === token) this.token = null;
      throw error;
    }
  }

  /** A cheap token check. */
  async whoAmI(request: RequestOptions = {}): Promise<SignInResult> {
    const raw = await this.send('POST', 'WhoAmI', request);
    const parsed = readSmall(raw, ['user', 'userName'], 'check the session');
    // An error shape with HTTP 200 is the CommServe refusing, not a session of an unknown user.
    const failure = findServerError(parsed);
    if (failure) {
      throw new CommvaultError(
        'server-error',
        `The CommServe did not confirm the session${failure.code !== undefined ? ` (code ${failure.code})` : ''}: ${sentence(failure.message)}`,
        {
          status: raw.status,
          serverMessage: failure.message,
          ...(failure.code !== undefined ? { serverCode: failure.code } : {}),
        },
      );
    }
    const who = validate(raw, WhoAmIResponseSchema, parsed, 'WhoAmI');
    return { userName: who.user?.userName ?? who.userName ?? 'unknown user' };
  }

  /** `POST Logout` (plain-text reply). The local token is dropped even if the server cannot be reached. */
  async logout(request: RequestOptions = {}): Promise<void> {
    const token = this.token;
    if (!token) return;
    this.setToken(null);
    const raw = await this.exchange.send('POST', 'Logout', { token, ...request });
    if (raw.status >= 400 && raw.status !== 401) {
      throw new CommvaultError('server-error', `The server could not end the session (HTTP ${raw.status}).`, {
        status: raw.status,
      });
    }
  }

  /** An authenticated request: on 401 one shared renewal, then one retry; a second 401 ends the session. */
  async send(method: HttpMethod, path: string, request: RequestOptions): Promise<RawResponse> {
    const used = this.token;
    if (!used) throw new CommvaultError('session-expired', 'You are not signed in to this CommServe.');
    const first = await this.exchange.send(method, path, { token: used, ...request });
    if (first.status !== 401) return first;
    await this.renewAfter(used);
    const token = this.token as string | null;
    if (!token) throw sessionExpired();
    const second = await this.exchange.send(method, path, { token, ...request });
    if (second.status === 401) {
      this.setToken(null);
      throw sessionExpired();
    }
    return second;
  }

  private setToken(token: string | null): void {
    this.token = token;
    this.options.onTokenChange?.(token);
  }

  /** Single flight: every call that saw the same expired token waits for one renewal. */
  private renewAfter(expired: string): Promise<void> {
    if (this.token !== expired) return Promise.resolve();
    this.renewing ??= this.renew(expired).finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renew(expired: string): Promise<void> {
    try {
      const raw = await this.exchange.send('POST', 'RenewLoginToken', {
        body: JSON.stringify({ sessionId: expired, deviceId: this.options.deviceId }),
      });
      if (raw.status < 400) {
        const parsed = readSmall(raw, ['token'], 'renew the session');
        const renewed = RenewResponseSchema.safeParse(parsed);
        if (!findServerError(parsed) && renewed.success && renewed.data.token) {
          this.setToken(normaliseToken(renewed.data.token));
          return;
        }
      }
    } catch (error) {
      // A network failure during renewal is that failure, not an expired session.
      if (!(error instanceof CommvaultError) || NETWORK_KINDS.has(error.kind)) throw error;
    }
    const credentials = await this.options.reloginCredentials?.();
    if (credentials) {
      await this.login(credentials);
      return;
    }
    this.setToken(null);
    throw sessionExpired();
  }
}

function sessionExpired(): CommvaultError {
  return new CommvaultError('session-expired', 'Your session on the CommServe has expired. Sign in again.');
}
