import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ConnectionView } from '../../electron/contract/connections.js';
import { DEFAULT_TEST_INTERVAL_DAYS, testIntervalFor } from '../../electron/contract/evidence.js';
import type { Core } from '../../electron/bridge/core.js';
import { testApp } from '../helpers/app.js';

let app: Core;
let dir: string;

async function start(): Promise<Core> {
  return testApp(dir);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-connections-'));
  app = await start();
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function ok<T>(result: Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string } }>) {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.value as T;
}

const draft = {
  name: 'Prod',
  webService: 'https://cs.example.com/commandcenter/api',
  format: 'json' as const,
  tls: { mode: 'system' as const },
  rtoTargetMinutes: 30,
};

it('a connection has a 90-day test interval unless one is set, and keeps the one set across edits and restarts', async () => {
  const created = await ok<ConnectionView>(app.dispatch('connections:save', draft));
  expect(created.testIntervalDays).toBe(DEFAULT_TEST_INTERVAL_DAYS);
  expect(created.testIntervalsByGroup).toEqual({});

  const edited = await ok<ConnectionView>(
    app.dispatch('connections:save', { ...draft, id: created.id, testIntervalDays: 30 }),
  );
  expect(edited.testIntervalDays).toBe(30);
  // An edit that does not mention the interval (an older form) keeps it.
  const renamed = await ok<ConnectionView>(app.dispatch('connections:save', { ...draft, id: created.id, name: 'P' }));
  expect(renamed.testIntervalDays).toBe(30);

  await app.close();
  app = await start();
  const [listed] = await ok<ConnectionView[]>(app.dispatch('connections:list', {}));
  expect(listed!.testIntervalDays).toBe(30);
});

it('sets and removes a DR group its own test interval, like a group RTO target', async () => {
  const created = await ok<ConnectionView>(app.dispatch('connections:save', draft));
  const set = await ok<ConnectionView>(
    app.dispatch('connections:setGroupInterval', { connectionId: created.id, groupId: 31, days: 7 }),
  );
  expect(set.testIntervalsByGroup).toEqual({ '31': 7 });
  const intervals = { testIntervalDays: set.testIntervalDays, testIntervalsByGroup: set.testIntervalsByGroup };
  expect(testIntervalFor(31, intervals)).toBe(7);
  expect(testIntervalFor(32, intervals)).toBe(90);
  expect(testIntervalFor(null, intervals)).toBe(90);

  const removed = await ok<ConnectionView>(
    app.dispatch('connections:setGroupInterval', { connectionId: created.id, groupId: 31, days: null }),
  );
  expect(removed.testIntervalsByGroup).toEqual({});

  const bad = await app.dispatch('connections:setGroupInterval', { connectionId: created.id, groupId: 31, days: 0 });
  expect(bad.ok).toBe(false);
  const missing = await app.dispatch('connections:setGroupInterval', { connectionId: 'nope', groupId: 31, days: 5 });
  expect(missing.ok).toBe(false);
});
