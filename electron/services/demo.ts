import type { ConnectionProfile } from '../contract/connections.js';
import { DEFAULT_TEST_INTERVAL_DAYS } from '../contract/evidence.js';
import type { SettingsStore } from '../storage/settingsStore.js';
import type { SessionService } from './sessions.js';

export const DEMO_CONNECTION_ID = 'demo';
export const DEMO_CREDENTIALS = { username: 'demo', password: 'demo' } as const;

/** Starts the demo CommServe (the shells pass the simulator's); the core calls it on first use only. */
export type DemoStarter = () => Promise<{ url: string; close(): Promise<void> }>;

/**
 * The demo connection, started on its first use: the first listing that would show it (or the only listing a new
 * user's app makes, with no connection yet). A command that never touches it never starts a simulator.
 */
export class DemoService {
  private started: Promise<{ close(): Promise<void> } | undefined> | undefined;

  constructor(
    private readonly deps: { settings: SettingsStore; sessions: SessionService; start: DemoStarter | undefined },
  ) {}

  /** Before a connection is used (its session asked for): the demo connection's first use starts its CommServe. */
  async beforeUse(connectionId: string): Promise<void> {
    if (connectionId === DEMO_CONNECTION_ID) await this.beforeListing(undefined);
  }

  /** Before a listing of every connection (`name` absent) or of the one with that name. */
  async beforeListing(name: string | undefined): Promise<void> {
    if (!this.deps.start || this.started) {
      await this.started;
      return;
    }
    const { settings } = await this.deps.settings.load();
    const demo = settings.connections.find((c) => c.demo);
    const wanted =
      name === undefined
        ? demo !== undefined || settings.connections.length === 0
        : demo?.name.toLowerCase() === name.trim().toLowerCase();
    if (!wanted) return;
    this.started ??= this.start(this.deps.start);
    await this.started;
  }

  private async start(start: DemoStarter): Promise<{ close(): Promise<void> } | undefined> {
    const server = await start().catch(() => undefined);
    if (!server || !(await ensureDemoConnection(this.deps.settings, server.url))) return server;
    await this.deps.sessions
      .signIn(DEMO_CONNECTION_ID, { ...DEMO_CREDENTIALS }, { staySignedIn: false, rememberPassword: false })
      .catch(() => undefined);
    return server;
  }

  async close(): Promise<void> {
    await (await this.started)?.close();
  }
}

/** On first start (no connections) the demo connection is added; it always points at this run's demo server. */
export async function ensureDemoConnection(settings: SettingsStore, url: string): Promise<boolean> {
  let present = false;
  await settings.update((current) => {
    const existing = current.connections.find((c) => c.demo);
    if (!existing && current.connections.length > 0) return current;
    present = true;
    const demo: ConnectionProfile = {
      id: DEMO_CONNECTION_ID,
      name: 'Demo CommServe',
      format: 'json',
      tls: { mode: 'system' },
      rtoTargetMinutes: 120,
      username: DEMO_CREDENTIALS.username,
      domain: '',
      staySignedIn: false,
      rememberPassword: false,
      secretsWithdrawn: false,
      rtoTargetsByGroup: {},
      testIntervalDays: DEFAULT_TEST_INTERVAL_DAYS,
      testIntervalsByGroup: {},
      ...existing,
      webService: url,
      demo: true,
    };
    const connections = existing ? current.connections.map((c) => (c.demo ? demo : c)) : [demo, ...current.connections];
    return { ...current, connections, activeConnectionId: current.activeConnectionId ?? demo.id };
  });
  return present;
}
