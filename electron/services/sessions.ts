import { CommvaultClient, type Credentials } from '../commvault/client.js';
import { CommvaultError } from '../commvault/errors.js';
import { AppFailure, appError } from '../contract/errors.js';
import { toAppError } from './errors.js';
import type { FetchLike } from '../commvault/transport.js';
import type { HandlerSlice } from '../contract/api.js';
import type { ConnectionProfile } from '../contract/connections.js';
import type { JobStatsEndpoint } from '../contract/model.js';
import type { SessionStatus } from '../contract/sessions.js';
import type { ConnectionSecrets } from '../storage/connectionSecrets.js';
import type { SettingsStore } from '../storage/settingsStore.js';
import type { EventHub } from './events.js';

/** Deleting a secret that only tidies up (nothing depends on it being gone): a keychain failure is not an error. */
function tidy(deletion: Promise<void>): Promise<void> {
  return deletion.catch(() => undefined);
}

export interface SessionServiceDeps {
  settings: SettingsStore;
  secrets: ConnectionSecrets;
  /** Builds the fetch for a connection with its certificate trust applied (Node's undici, or Electron's net). */
  createFetch: (profile: ConnectionProfile) => Promise<FetchLike>;
  probeCertificate?: (url: string) => Promise<string | undefined>;
  /** Where `session:changed` goes (every window, or nowhere for a headless run). */
  events?: EventHub;
  /** Called before a connection's session is first asked for (the demo CommServe starts on its first use). */
  beforeUse?: (connectionId: string) => Promise<void>;
}

export interface SignInOptions {
  /** Keep the token in the keychain so the next start is already signed in. */
  staySignedIn: boolean;
  /** Separately opted in: keep the password for a silent re-login when the token cannot be renewed. */
  rememberPassword: boolean;
}

interface Session {
  client: CommvaultClient;
  userName: string | null;
}

/**
 * Signed-in clients per connection, and the policy for their secrets: a token is kept only when the admin asks
 * to stay signed in, a password only on its own opt-in, and signing out ends the server session and deletes both.
 * Tokens never leave this service.
 */
export class SessionService {
  private readonly sessions = new Map<string, Session>();
  private readonly endpointMemory = new Map<string, JobStatsEndpoint>();
  /**
   * A connection kept signed in is restored on its first use (its status asked, a request to its CommServe), not
   * when the app starts: a command that needs one connection never waits for another CommServe to answer.
   */
  private readonly restoring = new Map<string, Promise<void>>();
  /** Why a restore left a connection signed out, until the next sign-in. */
  private readonly problems = new Map<string, string>();

  constructor(private readonly deps: SessionServiceDeps) {}

  /** The channels this service answers. */
  handlers(): HandlerSlice<'session:signIn' | 'session:useToken' | 'session:signOut' | 'session:status'> {
    return {
      'session:signIn': async ({ connectionId, username, password, domain, staySignedIn, rememberPassword }) =>
        this.announce(
          await this.signIn(connectionId, { username, password, domain }, { staySignedIn, rememberPassword }),
        ),
      'session:useToken': async ({ connectionId, token, staySignedIn, transient }) =>
        this.announce(await this.useToken(connectionId, token, { staySignedIn, transient })),
      'session:signOut': async ({ connectionId }) => {
        try {
          return await this.signOut(connectionId);
        } finally {
          // Signed out here even when the keychain or the CommServe could not be told: the screens must show it.
          this.announce(await this.statusNow(connectionId));
        }
      },
      'session:status': ({ connectionId }) => this.status(connectionId),
    };
  }

  private announce(status: SessionStatus): SessionStatus {
    this.deps.events?.emit('session:changed', status);
    return status;
  }

  async signIn(connectionId: string, credentials: Credentials, options: SignInOptions): Promise<SessionStatus> {
    const profile = await this.profile(connectionId);
    // The token is kept (or not) through onTokenChange, so renewed tokens follow the same choice.
    const client = await this.newClient(profile, options.staySignedIn);
    const { userName } = await client.login(credentials);
    this.signedIn(profile.id, { client, userName });
    if (!options.staySignedIn) await tidy(this.deps.secrets.deleteToken(profile.id));
    if (options.rememberPassword) await this.deps.secrets.setPassword(profile.id, credentials.password);
    else await tidy(this.deps.secrets.deletePassword(profile.id));
    await this.saveChoices(profile.id, options, credentials);
    return this.statusNow(connectionId);
  }

  /**
   * Signs in with a pasted token. `transient`: for this process only, the saved choices and the keychain untouched
   * (the headless export with a token in DRJS_TOKEN).
   */
  async useToken(
    connectionId: string,
    token: string,
    options: Pick<SignInOptions, 'staySignedIn'> & { transient?: boolean },
  ): Promise<SessionStatus> {
    const profile = await this.profile(connectionId);
    const keep = options.staySignedIn && !options.transient;
    const client = await this.newClient(profile, keep);
    const { userName } = await client.useToken(token);
    this.signedIn(profile.id, { client, userName });
    if (options.transient) return this.statusNow(connectionId);
    if (!options.staySignedIn) await tidy(this.deps.secrets.deleteToken(profile.id));
    await tidy(this.deps.secrets.deletePassword(profile.id));
    await this.saveChoices(profile.id, { staySignedIn: options.staySignedIn, rememberPassword: false });
    return this.statusNow(connectionId);
  }

  /** A session of this process: a restore must not replace it, nor a problem from before stay on it. */
  private signedIn(connectionId: string, session: Session): void {
    this.sessions.set(connectionId, session);
    this.restoring.set(connectionId, Promise.resolve());
    this.problems.delete(connectionId);
  }

  /** A token kept in the keychain signs the connection in again, if the server still accepts it (once a process). */
  restore(connectionId: string): Promise<void> {
    let restoring = this.restoring.get(connectionId);
    if (!restoring) {
      restoring = this.beforeUse(connectionId)
        .then(() => this.restoreNow(connectionId))
        .catch((error: unknown) => {
          this.problems.set(connectionId, toAppError(error).message);
        });
      this.restoring.set(connectionId, restoring);
    }
    return restoring;
  }

  private async beforeUse(connectionId: string): Promise<void> {
    await this.deps.beforeUse?.(connectionId);
  }

  private async restoreNow(connectionId: string): Promise<void> {
    const profile = await this.profile(connectionId).catch(() => undefined);
    if (!profile || this.sessions.has(connectionId)) return;
    const token = await this.keptToken(profile);
    if (!token) return;
    // The kept token itself is not written back: only one the CommServe renews is.
    const client = await this.newClient(profile, true, token);
    try {
      const { userName } = await client.useToken(token);
      this.sessions.set(profile.id, { client, userName });
    } catch (error) {
      if (!(error instanceof CommvaultError) || error.kind !== 'session-expired') throw error;
      await tidy(this.deps.secrets.forget(profile.id));
      throw new CommvaultError(
        'session-expired',
        'The CommServe refused the token kept for this connection (it expired or was signed out elsewhere). Sign in again.',
      );
    }
  }

  /**
   * The token kept for a connection, only while the admin's choice to stay signed in stands. Secrets withdrawn at a
   * sign-out the keychain could not complete are deleted now if it lets us (and never returned): the one rule for
   * the app, the browser mode and the headless export alike.
   */
  async keptToken(profile: ConnectionProfile): Promise<string | null> {
    if (profile.secretsWithdrawn) {
      await this.deleteWithdrawn(profile.id);
      return null;
    }
    return profile.staySignedIn ? this.deps.secrets.getToken(profile.id) : null;
  }

  /** Deletes secrets withdrawn at sign-out, if the keychain allows now; the mark stays until it does. */
  async deleteWithdrawn(connectionId: string): Promise<void> {
    try {
      await this.deps.secrets.forget(connectionId);
    } catch {
      return;
    }
    await this.updateProfile(connectionId, (c) => (c.secretsWithdrawn ? { ...c, secretsWithdrawn: false } : c));
  }

  /**
   * Ends the session on the CommServe (Logout) and deletes every kept secret of the connection. The secrets are
   * marked withdrawn in the settings first, so a token the keychain cannot delete right now is never used again
   * (by this app, another instance or the headless export); and a keychain that cannot delete is reported, never
   * passed over.
   */
  async signOut(connectionId: string): Promise<SessionStatus> {
    await this.restore(connectionId);
    const session = this.sessions.get(connectionId);
    this.sessions.delete(connectionId);
    this.problems.delete(connectionId);
    const profile = await this.profile(connectionId);
    const hadKept = profile.staySignedIn || profile.rememberPassword || profile.secretsWithdrawn;
    await this.updateProfile(connectionId, (c) => ({
      ...c,
      staySignedIn: false,
      rememberPassword: false,
      secretsWithdrawn: hadKept,
    }));
    const [logout, forget] = await Promise.allSettled([
      session?.client.logout(),
      this.deps.secrets.forget(connectionId),
    ]);
    if (forget.status === 'fulfilled' && hadKept)
      await this.updateProfile(connectionId, (c) => ({ ...c, secretsWithdrawn: false }));
    if (forget.status === 'rejected' && hadKept) {
      const reason = forget.reason instanceof Error ? forget.reason.message : String(forget.reason);
      throw new AppFailure(
        appError(
          'keychain',
          `Signed out, but the token kept in the system keychain could not be deleted: ${reason} It will not be used again. Unlock the keychain and sign out again to remove it.`,
        ),
      );
    }
    if (logout.status === 'rejected') throw logout.reason;
    return this.statusNow(connectionId);
  }

  /**
   * The signed-in client (restoring a kept session on first use), or a typed `session-expired` error that the UI
   * turns into a sign-in prompt, with the reason a kept session could not be restored.
   */
  async client(connectionId: string): Promise<CommvaultClient> {
    await this.restore(connectionId);
    const session = this.sessions.get(connectionId);
    if (!session?.client.signedIn) {
      throw new CommvaultError(
        'session-expired',
        this.problems.get(connectionId) ?? 'Sign in to this connection first.',
      );
    }
    return session.client;
  }

  /** A connection's session state; a connection kept signed in is restored first (its first use). */
  async status(connectionId: string): Promise<SessionStatus> {
    await this.restore(connectionId);
    return this.statusNow(connectionId);
  }

  private async statusNow(connectionId: string): Promise<SessionStatus> {
    const session = this.sessions.get(connectionId);
    const [keychain, token, password, profile] = await Promise.all([
      this.deps.secrets.status(),
      this.deps.secrets.getToken(connectionId),
      this.deps.secrets.getPassword(connectionId),
      this.profile(connectionId).catch(() => undefined),
    ]);
    // A secret withdrawn at sign-out may still sit in the keychain: it is not kept, it is waiting to be deleted.
    const kept = keychain.state === 'available' && profile?.secretsWithdrawn !== true;
    return {
      connectionId,
      signedIn: session?.client.signedIn ?? false,
      userName: session?.client.signedIn ? session.userName : null,
      keychain,
      tokenKept: kept && token !== null,
      passwordKept: kept && password !== null,
      problem: session?.client.signedIn ? null : (this.problems.get(connectionId) ?? null),
    };
  }

  /** Forget a connection's session without contacting the server (its profile was deleted). */
  async drop(connectionId: string): Promise<void> {
    this.sessions.delete(connectionId);
    this.restoring.set(connectionId, Promise.resolve());
    await tidy(this.deps.secrets.forget(connectionId));
  }

  private async profile(connectionId: string): Promise<ConnectionProfile> {
    const { settings } = await this.deps.settings.load();
    const profile = settings.connections.find((c) => c.id === connectionId);
    if (!profile) throw new CommvaultError('invalid-input', 'This connection no longer exists.');
    return profile;
  }

  private async newClient(profile: ConnectionProfile, keepTokens: boolean, kept?: string): Promise<CommvaultClient> {
    const { settings } = await this.deps.settings.load();
    const secrets = this.deps.secrets;
    let keptToken = kept;
    return new CommvaultClient({
      webService: profile.webService,
      fetch: await this.deps.createFetch(profile),
      format: profile.format,
      deviceId: settings.deviceId,
      endpointMemory: this.endpointMemory,
      ...(this.deps.probeCertificate ? { probeCertificate: this.deps.probeCertificate } : {}),
      onTokenChange: (token) => {
        if (!keepTokens || (token !== null && token === keptToken)) return;
        keptToken = token ?? undefined;
        this.track(token ? secrets.setToken(profile.id, token) : tidy(secrets.deleteToken(profile.id)));
      },
      reloginCredentials: async () => {
        // Read at the moment of need: the user name is saved after this client was made.
        const [current, password] = await Promise.all([this.profile(profile.id), secrets.getPassword(profile.id)]);
        return password && current.rememberPassword && current.username
          ? { username: current.username, password, ...(current.domain ? { domain: current.domain } : {}) }
          : undefined;
      },
    });
  }

  /** Keychain writes that follow a renewed or dropped token, which no caller waits for. */
  private readonly keychainWrites = new Set<Promise<unknown>>();

  private track(write: Promise<unknown>): void {
    const settled = write.catch(() => undefined).finally(() => this.keychainWrites.delete(settled));
    this.keychainWrites.add(settled);
  }

  /** Resolves once every keychain write started so far has finished (before quitting, and in tests). */
  async settled(): Promise<void> {
    while (this.keychainWrites.size) await Promise.all([...this.keychainWrites]);
  }

  /**
   * A sign-in that stays signed in writes its token over a withdrawn one (the same keychain account); one that does
   * not leaves the withdrawn mark, so the leftover is still deleted once the keychain lets us.
   */
  private saveChoices(connectionId: string, options: SignInOptions, credentials?: Credentials): Promise<void> {
    return this.updateProfile(connectionId, (c) => ({
      ...c,
      staySignedIn: options.staySignedIn,
      rememberPassword: options.rememberPassword,
      secretsWithdrawn: options.staySignedIn ? false : c.secretsWithdrawn,
      ...(credentials ? { username: credentials.username.trim(), domain: credentials.domain?.trim() ?? '' } : {}),
    }));
  }

  private async updateProfile(
    connectionId: string,
    change: (profile: ConnectionProfile) => ConnectionProfile,
  ): Promise<void> {
    await this.deps.settings.update((settings) => ({
      ...settings,
      connections: settings.connections.map((c) => (c.id === connectionId ? change(c) : c)),
    }));
  }
}
