import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core';
import { READINESS_ENDPOINTS } from '../../electron/contract/readiness';
import type { CommvaultSimulator } from '../../electron/simulator/server';
import OverviewScreen from '../../renderer/src/components/OverviewScreen.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { readiness } from '../../renderer/src/lib/readiness.svelte';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { connectToSimulator, testApp } from '../helpers/app';
import { startSimulator } from '../helpers/commvault';
import { ManualTimers } from '../helpers/manualTimers';
import { NOW, simulatedCommServe } from './simulated';
import { standIn } from './standIn';

/**
 * The overview's cards with readiness read by the real core from a simulator holding the same data set as the page's
 * fetch (same seed, groups, VMs and jobs), so the groups, members and test boots on both sides are the same.
 */
let sim: CommvaultSimulator;
let core: Core;
let dir: string;
let connectionId: string;

beforeEach(async () => {
  readiness.clear();
  sim = await startSimulator({ seed: 7, groups: 3, vms: 3, jobs: 24, anchor: NOW, running: 0 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-r-ready-'));
  core = await testApp(dir, { timers: new ManualTimers(NOW * 1000) });
  connectionId = await connectToSimulator(core, sim.url);
});
afterEach(async () => {
  await core.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function overview() {
  standIn({
    commServe: simulatedCommServe({ running: 0 }),
    answers: { 'readiness:get': (request) => core.dispatch('readiness:get', { ...(request as object), connectionId }) },
  });
  const app = new AppState();
  expect((await app.start()).ok).toBe(true);
  app.showScreen('overview');
  render(OverviewScreen, { context: appContext(app) });
  return { app, user: userEvent.setup() };
}

const card = (name: string) => screen.getByRole('article', { name });

describe('readiness on the overview', () => {
  it('each card leads with one status, a readiness badge, and the checks a click away', async () => {
    const lagging = sim.dataset.groups[0]!;
    sim.setFault({ path: '*', type: 'lagging', groupId: lagging.vAppId, lagSeconds: 6 * 3600 });
    const { user } = await overview();
    const failing = card(lagging.name);
    await within(failing).findByText('not ready now');
    expect(within(failing).getByTestId('group-status')).toHaveAttribute('data-status', 'failing');
    expect(within(failing).getByTestId('group-status')).toHaveTextContent(
      /Failing.*not ready: RPO within target failed \(worst lag 6h 00m/,
    );
    await user.click(within(failing).getByRole('button', { name: 'Readiness…' }));
    const details = within(failing).getByTestId('readiness-details');
    expect(within(details).getByRole('row', { name: /RPO within target/ })).toHaveTextContent(
      /fail: worst lag 6h 00m .* against 4h 00m/,
    );
    expect(within(details).getByTestId('coverage')).toHaveTextContent(/of \d member VMs recovered within target/);
    expect(within(details).getByTestId('cleanups')).toHaveTextContent(/test boot \d+ .*(still open|cleaned up by job)/);
    for (const other of sim.dataset.groups.slice(1))
      expect(await within(card(other.name)).findByTestId('readiness-badge')).toHaveTextContent('ready now');
  });

  for (const type of ['not-found', 'slow', 'malformed'] as const) {
    it(`every DR endpoint ${type}: the overview works, each card says "not available on this CommServe"`, async () => {
      for (const path of READINESS_ENDPOINTS)
        sim.setFault(type === 'slow' ? { path, type, delayMs: 5 } : { path, type });
      await overview();
      expect(screen.getByTestId('kpi-operations')).toHaveTextContent('Operations');
      const words = type === 'slow' ? 'ready now' : 'readiness not available on this CommServe';
      for (const group of sim.dataset.groups)
        expect(await within(card(group.name)).findByText(words)).toBeInTheDocument();
      expect(screen.queryByRole('alert')).toBeNull();
    });
  }

  it('a VM added to a group since its last successful test makes the group partially proven, on its card', async () => {
    const group = sim.dataset.groups[1]!;
    const answer = await core.dispatch('readiness:get', { connectionId, groupId: group.vAppId });
    if (!answer.ok) throw new Error(answer.error.message);
    // The group as the CommServe now defines it: one more member, which no test has booted yet.
    const res = await fetch(`${sim.url}/V4/FailoverGroups/${group.vAppId}`, {
      headers: { authtoken: sim.issuedTokens().at(-1)!, accept: 'application/json' },
    });
    const body = (await res.json()) as { replicationPairs: Record<string, unknown>[] };
    body.replicationPairs.push({ id: 998, sourceName: 'new-app-01', destinationName: 'new-app-01_DR', priority: 3 });
    sim.setFault({ path: `V4/FailoverGroups/${group.vAppId}`, type: 'answer', body: JSON.stringify(body) });
    const { user } = await overview();
    const added = card(group.name);
    await user.click(within(added).getByRole('button', { name: 'Readiness…' }));
    const coverage = await within(added).findByTestId('coverage');
    const members = group.clients.length + 1;
    expect(coverage).toHaveTextContent(new RegExp(`of ${members} member VMs recovered within target`));
    expect(coverage).toHaveTextContent('new-app-01: added since the last successful test');
    expect(within(added).getByTestId('group-status')).toHaveAttribute('data-status', 'at-risk');
    expect(within(added).getByTestId('readiness-details')).toHaveTextContent(
      new RegExp(`partially proven: \\d of ${members} member VMs`),
    );
  });

  it('a reading that fails is said on the cards, never as an error banner', async () => {
    await sim.close();
    await overview();
    expect(await within(card(sim.dataset.groups[0]!.name)).findByText('readiness not read')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
