import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-settings-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const profile = (name: string) =>
  ConnectionProfileSchema.parse({ id: `id-${name}`, name, webService: 'https://cs.example.com/commandcenter/api' });

describe('SettingsStore', () => {
  it('creates settings with a stable device id on first load', async () => {
    const first = await new SettingsStore(dir).load();
    expect(first.problem).toBeNull();
    expect(first.settings.connections).toEqual([]);
    const again = await new SettingsStore(dir).load();
    expect(again.settings.deviceId).toBe(first.settings.deviceId);
  });

  it('saves profiles with defaults and no secrets, and reads them back', async () => {
    const store = new SettingsStore(dir);
    await store.update((s) => ({ ...s, connections: [profile('Prod')] }));
    const text = await readFile(store.path, 'utf8');
    expect(JSON.parse(text).connections[0]).toEqual({
      id: 'id-Prod',
      name: 'Prod',
      webService: 'https://cs.example.com/commandcenter/api',
      format: 'json',
      tls: { mode: 'system' },
      rtoTargetMinutes: null,
      rtoTargetsByGroup: {},
      testIntervalDays: 90,
      testIntervalsByGroup: {},
      username: '',
      domain: '',
      staySignedIn: false,
      rememberPassword: false,
      secretsWithdrawn: false,
      demo: false,
    });
    expect((await new SettingsStore(dir).load()).settings.connections.map((c) => c.name)).toEqual(['Prod']);
  });

  it('does not lose either of two quick updates', async () => {
    const store = new SettingsStore(dir);
    await Promise.all([
      store.update((s) => ({ ...s, connections: [...s.connections, profile('A')] })),
      store.update((s) => ({ ...s, connections: [...s.connections, profile('B')] })),
    ]);
    expect((await store.load()).settings.connections.map((c) => c.name).sort()).toEqual(['A', 'B']);
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1, "connections": [', /not valid JSON/],
    [
      'the wrong shape',
      '{"schemaVersion": 1, "deviceId": "12345678", "connections": [{"name": 5}]}',
      /connections\.0\./,
    ],
  ])('moves a file that is %s aside, reports it, and starts fresh', async (_what, content, reason) => {
    const store = new SettingsStore(dir);
    await writeFile(store.path, content);
    const loaded = await store.load();
    expect(loaded.problem?.message).toMatch(reason);
    expect(await readFile(loaded.problem!.movedTo, 'utf8')).toBe(content);
    expect(loaded.settings.connections).toEqual([]);
    expect((await store.load()).problem).toBeNull();
  });

  it('reads a file an editor saved with a UTF-8 byte-order mark, keeping every connection', async () => {
    const store = new SettingsStore(dir);
    await store.update((s) => ({ ...s, connections: [profile('Prod'), profile('DR')] }));
    const text = await readFile(store.path, 'utf8');
    // Notepad and PowerShell's `Set-Content -Encoding UTF8` write one.
    await writeFile(store.path, `\uFEFF${text}`);
    const loaded = await new SettingsStore(dir).load();
    expect(loaded.problem).toBeNull();
    expect(loaded.settings.connections.map((c) => c.name)).toEqual(['Prod', 'DR']);
    expect(await readdir(dir)).toEqual(['settings.json']);
    await new SettingsStore(dir).update((s) => ({ ...s, activeConnectionId: 'id-DR' }));
    expect((await new SettingsStore(dir).load()).settings).toMatchObject({ activeConnectionId: 'id-DR' });
  });

  it('leaves no temporary files behind', async () => {
    const store = new SettingsStore(dir);
    for (let i = 0; i < 5; i++) await store.update((s) => ({ ...s, connections: [profile(`C${i}`)] }));
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('validates TLS settings: fingerprints are normalised, nonsense is refused', () => {
    const pinned = ConnectionProfileSchema.parse({
      ...profile('P'),
      tls: { mode: 'pinned', fingerprint256: 'ab'.repeat(32) },
    });
    expect(pinned.tls).toEqual({ mode: 'pinned', fingerprint256: Array(32).fill('AB').join(':') });
    expect(
      ConnectionProfileSchema.safeParse({ ...profile('P'), tls: { mode: 'pinned', fingerprint256: 'xyz' } }).success,
    ).toBe(false);
    expect(ConnectionProfileSchema.safeParse({ ...profile('P'), tls: { mode: 'insecure' } }).success).toBe(false);
  });
});
