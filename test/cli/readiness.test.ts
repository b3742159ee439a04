import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { readinessCommand } from '../../electron/cli/readinessCommand.js';
import { exportCommand } from '../../electron/cli/exportCommand.js';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { CommvaultClient } from '../../electron/commvault/client.js';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { MemorySecretStore } from '../../electron/storage/secretStore.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { startSimulator } from '../helpers/commvault.js';
import { ManualTimers } from '../helpers/manualTimers.js';

let sim: CommvaultSimulator;
let dir: string;
let token: string;

beforeEach(async () => {
  sim = await startSimulator({ seed: 1, groups: 3, vms: 3, jobs: 40, running: 0 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-cli-ready-'));
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [ConnectionProfileSchema.parse({ id: 'prod', name: 'Prod CommServe', webService: sim.url })],
  }));
  const tokens: string[] = [];
  const client = new CommvaultClient({
    webService: sim.url,
    fetch: createNodeFetch(),
    format: 'json',
    deviceId: 'cli-ready',
    onTokenChange: (t) => t && tokens.push(t),
  });
  await client.login({ username: 'demo', password: 'demo' });
  token = tokens[0]!;
});
afterEach(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function readiness(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await readinessCommand(['--connection', 'Prod CommServe', '--data-dir', dir, ...args], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { DRJS_TOKEN: token },
    // The simulator's clock stands at ANCHOR, as these timers' does.
    core: { secretStore: new MemorySecretStore(), timers: new ManualTimers() },
  });
  return { code, out, err };
}

describe('dr-job-stats readiness', () => {
  it('prints one line per DR group and exits 0 when every group is ready', async () => {
    const { code, out, err } = await readiness([]);
    expect(err).toEqual([]);
    expect(out).toHaveLength(3);
    for (const group of sim.dataset.groups) {
      const line = out.find((l) => l.includes(`${group.name} (${group.vAppId})`))!;
      expect(line).toMatch(/^READY\s/);
      expect(line).toMatch(/RPO .* of /);
    }
    expect(code).toBe(EXIT.ok);
  });

  it('a group whose replication lags past its RPO: its line says not ready, and the exit code is 6', async () => {
    const lagging = sim.dataset.groups[1]!;
    sim.setFault({ path: '*', type: 'lagging', groupId: lagging.vAppId, lagSeconds: 3600 });
    const { code, out } = await readiness([]);
    const line = out.find((l) => l.includes(`${lagging.name} (${lagging.vAppId})`))!;
    expect(line).toMatch(/^NOT READY\s/);
    expect(line).toMatch(/RPO within target: worst lag 1h 00m/);
    expect(out.filter((l) => l.startsWith('READY'))).toHaveLength(2);
    expect(code).toBe(EXIT.notReady);

    const one = await readiness(['--group-id', String(sim.dataset.groups[0]!.vAppId)]);
    expect(one.out).toHaveLength(1);
    expect(one.code).toBe(EXIT.ok);
  });

  it('wrong usage is exit 2; a connection that does not exist says so', async () => {
    const quiet = { out: () => undefined, err: () => undefined };
    expect(await readinessCommand([], quiet)).toBe(EXIT.usage);
    expect(await readinessCommand(['--connection', 'Prod CommServe', '--group-id', 'x'], quiet)).toBe(EXIT.usage);
    const err: string[] = [];
    const unknown = await readinessCommand(['--connection', 'Nope', '--data-dir', dir], {
      out: () => undefined,
      err: (line) => err.push(line),
      core: { secretStore: new MemorySecretStore() },
    });
    expect(unknown).toBe(EXIT.usage);
    expect(err.join('\n')).toMatch(/no connection named "Nope"/);
  });
});

describe('dr-job-stats export --report groups', () => {
  it('one row per DR group with its tests, RPO, readiness, next test, coverage and test clones', async () => {
    const lagging = sim.dataset.groups[2]!;
    sim.setFault({ path: '*', type: 'lagging', groupId: lagging.vAppId, lagSeconds: 5 * 3600 });
    const out = join(dir, 'groups.csv');
    const code = await exportCommand(
      ['--connection', 'Prod CommServe', '--data-dir', dir, '--report', 'groups', '--out', out, '--utc'],
      {
        env: { DRJS_TOKEN: token },
        out: () => undefined,
        core: { secretStore: new MemorySecretStore(), timers: new ManualTimers() },
      },
    );
    expect(code).toBe(EXIT.ok);
    const rows = parse(await readFile(out), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.dr_group).sort()).toEqual(sim.dataset.groups.map((g) => g.name).sort());
    for (const column of [
      'dr_group',
      'last_test',
      'last_successful_test',
      'overdue',
      'rpo_target_seconds',
      'worst_lag_seconds',
      'readiness',
      'next_test',
      'coverage',
      'open_test_clones',
    ])
      expect(Object.keys(rows[0]!)).toContain(column);
    const bad = rows.find((r) => r.dr_group === lagging.name)!;
    expect(bad).toMatchObject({ readiness: 'not ready', status: 'Failing', worst_lag_seconds: '18000', rpo_met: 'no' });
    expect(bad.rpo_target_seconds).toBe('14400');
    const good = rows.find((r) => r.dr_group === sim.dataset.groups[0]!.name)!;
    expect(good.readiness).toBe('ready');
    expect(good.coverage).toMatch(/^\d+ of 3$/);
    expect(good.next_test).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });
});
