import { CommvaultClient } from '../commvault/client.js';
import { parseWebServiceRoot } from '../commvault/webServiceRoot.js';
import { AppFailure, appError } from '../contract/errors.js';
import { toAppError } from './errors.js';
import type { CheckedConnectionDraft, ConnectionView } from '../contract/connections.js';
import type { ConnectionProfile } from '../contract/connections.js';
import { DEFAULT_TEST_INTERVAL_DAYS } from '../contract/evidence.js';
import { newConnectionId, type SettingsStore } from '../storage/settingsStore.js';
import type { SessionService } from './sessions.js';
import type { FetchLike } from '../commvault/transport.js';
import type { HandlerSlice } from '../contract/api.js';

export interface ConnectionServiceDeps {
  settings: SettingsStore;
  sessions: SessionService;
  createFetch: (profile: ConnectionProfile) => Promise<FetchLike>;
  probeCertificate?: (url: string) => Promise<string | undefined>;
  /** Called before a listing that would show the demo connection: the demo CommServe starts on first use. */
  beforeListing?: (name: string | undefined) => Promise<void>;
}

/** A connection's RTO targets or test intervals changed: what is held from it must be judged by the new ones. */
export type TargetsListener = (connection: ConnectionProfile) => void;

/** Connection profiles: list, add or edit, delete (ending its session), and a reachability test. */
export class ConnectionService {
  private readonly targetListeners = new Set<TargetsListener>();

  constructor(private readonly deps: ConnectionServiceDeps) {}

  /** The channels this service answers. */
  handlers(): HandlerSlice<
    | 'connections:list'
    | 'connections:save'
    | 'connections:delete'
    | 'connections:test'
    | 'connections:setGroupTarget'
    | 'connections:setGroupInterval'
  > {
    return {
      'connections:list': ({ name }) => this.list(name),
      'connections:save': (draft) => this.save(draft),
      'connections:delete': async ({ connectionId }) => {
        await this.delete(connectionId);
        return {};
      },
      'connections:test': ({ connectionId }) => this.test(connectionId),
      'connections:setGroupTarget': ({ connectionId, groupId, minutes }) =>
        this.setGroupTarget(connectionId, groupId, minutes),
      'connections:setGroupInterval': ({ connectionId, groupId, days }) =>
        this.setGroupInterval(connectionId, groupId, days),
    };
  }

  /** Tells `listener` whenever a connection's RTO targets or test intervals change. */
  onTargetsChanged(listener: TargetsListener): () => void {
    this.targetListeners.add(listener);
    return () => this.targetListeners.delete(listener);
  }

  private announceTargets(profile: ConnectionProfile): void {
    for (const listener of this.targetListeners) listener(profile);
  }

  /**
   * Every connection, or only the one named `name` (case-insensitive: the headless export names its connection),
   * each with its session state; a connection kept signed in is restored as it is listed (its first use).
   */
  async list(name?: string): Promise<ConnectionView[]> {
    await this.deps.beforeListing?.(name);
    const { settings } = await this.deps.settings.load();
    const wanted = name?.trim().toLowerCase();
    const listed =
      wanted === undefined ? settings.connections : settings.connections.filter((c) => c.name.toLowerCase() === wanted);
    if (wanted !== undefined && listed.length === 0) {
      const known = settings.connections.map((c) => `"${c.name}"`).join(', ') || 'none';
      throw new AppFailure(appError('invalid-input', `no connection named "${name}" (known: ${known}).`));
    }
    return Promise.all(listed.map((c) => this.view(c)));
  }

  /** `draft` comes checked by the dispatcher (the contract's schema): it is not parsed again here. */
  async save(draft: CheckedConnectionDraft): Promise<ConnectionView> {
    let root;
    try {
      root = parseWebServiceRoot(draft.webService);
    } catch (error) {
      throw new AppFailure(toAppError(error));
    }
    const id = draft.id ?? newConnectionId();
    let saved: ConnectionProfile | undefined;
    let addressChanged = false;
    await this.deps.settings.update((settings) => {
      const existing = settings.connections.find((c) => c.id === id);
      if (draft.id && !existing) throw new AppFailure(appError('not-found', 'This connection no longer exists.'));
      addressChanged =
        !!existing &&
        (existing.webService !== root.url ||
          existing.format !== draft.format ||
          JSON.stringify(existing.tls) !== JSON.stringify(draft.tls));
      saved = {
        id,
        username: '',
        domain: '',
        staySignedIn: false,
        rememberPassword: false,
        secretsWithdrawn: false,
        demo: false,
        rtoTargetsByGroup: {},
        testIntervalDays: DEFAULT_TEST_INTERVAL_DAYS,
        testIntervalsByGroup: {},
        ...existing,
        name: draft.name,
        webService: root.url,
        format: draft.format,
        tls: draft.tls,
        rtoTargetMinutes: draft.rtoTargetMinutes,
        ...(draft.testIntervalDays !== undefined ? { testIntervalDays: draft.testIntervalDays } : {}),
      };
      const connections = existing
        ? settings.connections.map((c) => (c.id === id ? saved! : c))
        : [...settings.connections, saved];
      return { ...settings, connections };
    });
    // A session belongs to the server and trust it was made with; a changed address or trust needs a new one.
    if (addressChanged) await this.deps.sessions.drop(id);
    this.announceTargets(saved!);
    return this.view(saved!);
  }

  /** Overrides the connection's RTO target for one DR group (null removes the override). */
  setGroupTarget(connectionId: string, groupId: number, minutes: number | null): Promise<ConnectionView> {
    return this.setGroupOverride(connectionId, 'rtoTargetsByGroup', groupId, minutes);
  }

  /** Gives one DR group its own test interval in days (null removes it: the connection's applies). */
  setGroupInterval(connectionId: string, groupId: number, days: number | null): Promise<ConnectionView> {
    return this.setGroupOverride(connectionId, 'testIntervalsByGroup', groupId, days);
  }

  private async setGroupOverride(
    connectionId: string,
    setting: 'rtoTargetsByGroup' | 'testIntervalsByGroup',
    groupId: number,
    value: number | null,
  ): Promise<ConnectionView> {
    let saved: ConnectionProfile | undefined;
    await this.deps.settings.update((settings) => {
      const connections = settings.connections.map((c) => {
        if (c.id !== connectionId) return c;
        const others = Object.entries(c[setting]).filter(([id]) => id !== String(groupId));
        saved = {
          ...c,
          [setting]: Object.fromEntries(value === null ? others : [...others, [String(groupId), value]]),
        };
        return saved;
      });
      return { ...settings, connections };
    });
    if (!saved) throw new AppFailure(appError('not-found', 'This connection no longer exists.'));
    this.announceTargets(saved);
    return this.view(saved);
  }

  async delete(connectionId: string): Promise<void> {
    await this.deps.sessions.signOut(connectionId).catch(() => this.deps.sessions.drop(connectionId));
    await this.deps.settings.update((settings) => ({
      ...settings,
      connections: settings.connections.filter((c) => c.id !== connectionId),
      activeConnectionId: settings.activeConnectionId === connectionId ? null : settings.activeConnectionId,
    }));
  }

  async test(connectionId: string) {
    const { settings } = await this.deps.settings.load();
    const profile = settings.connections.find((c) => c.id === connectionId);
    if (!profile) throw new AppFailure(appError('not-found', 'This connection no longer exists.'));
    try {
      const client = new CommvaultClient({
        webService: profile.webService,
        fetch: await this.deps.createFetch(profile),
        format: profile.format,
        deviceId: settings.deviceId,
        timeoutMs: 15_000,
        ...(this.deps.probeCertificate ? { probeCertificate: this.deps.probeCertificate } : {}),
      });
      return { reachable: true, message: await client.ping(), error: null };
    } catch (error) {
      const appErr = toAppError(error);
      return { reachable: false, message: appErr.message, error: appErr };
    }
  }

  private async view(profile: ConnectionProfile): Promise<ConnectionView> {
    let warnings: string[];
    try {
      warnings = parseWebServiceRoot(profile.webService).warnings;
    } catch (error) {
      warnings = [toAppError(error).message];
    }
    return { ...profile, warnings, session: await this.deps.sessions.status(profile.id) };
  }
}
