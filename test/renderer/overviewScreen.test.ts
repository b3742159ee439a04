import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionView } from '../../electron/contract/connections';
import type { Kpis } from '../../electron/contract/evidence';
import { EMPTY_SCOPE } from '../../electron/contract/scope';
import KpiStrip from '../../renderer/src/components/KpiStrip.svelte';
import OverviewScreen from '../../renderer/src/components/OverviewScreen.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { formatClock, formatTime } from '../../renderer/src/lib/format';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { connectionView, NOW, runSummary, simulatedCommServe } from './simulated';
import { ok, standIn } from './standIn';

/**
 * The seeded data set (24 operations: 16 recoveries, of which 1 runs and 2 were not recovered), judged with a
 * 30-minute target; Finance Tier 1 (group 30) has a target of 20 s, so its recoveries are all over it and its running
 * test boot is a live breach.
 */
const targets = { rtoTargetSeconds: 1800, rtoTargetsByGroup: { '30': 20 } };

async function overview(options: Parameters<typeof standIn>[0] = {}) {
  const main = standIn({ commServe: simulatedCommServe({}, targets), ...options });
  const app = new AppState();
  expect((await app.start()).ok).toBe(true);
  app.showScreen('overview');
  render(OverviewScreen, { context: appContext(app) });
  return { ...main, app, user: userEvent.setup() };
}

const kpi = (id: string) => screen.getByTestId(`kpi-${id}`);
const groupCard = (name: string) => screen.getByRole('article', { name });

describe('OverviewScreen', () => {
  it('sums up the scope in key figures judged at the fetch, with its words and time', async () => {
    await overview();
    expect(screen.getByTestId('overview-scope')).toHaveTextContent(
      'Scope: all DR groups · all time · 24 of 24 operations',
    );
    expect(screen.getByText(/Judged as of/)).toHaveTextContent(`Judged as of ${formatTime(NOW)}`);
    expect(kpi('operations')).toHaveTextContent('Operations 24 21 succeeded · 2 failed');
    expect(kpi('success')).toHaveTextContent('Success rate 91% 21 of 23 finished');
    expect(kpi('rto')).toHaveTextContent('RTO compliance 40% 6 of 15 judged · median 13m 40s');
    expect(kpi('running')).toHaveTextContent('Running now 1 1 past target');
    expect(kpi('vms')).toHaveTextContent('VMs recovered 89% 31 of 35 VMs');
    // 7 over target, 2 not recovered, and the live one.
    expect(kpi('breaches')).toHaveTextContent('Breaches 10 ⚠ 1 live · 9 finished');
  });

  it('clicks through from a figure to the jobs behind it', async () => {
    const { user, app } = await overview();
    await user.click(within(kpi('success')).getByRole('button'));
    expect(app.screen).toBe('jobs');
    expect(app.scope).toEqual({ ...EMPTY_SCOPE, statuses: ['failed'] });
    app.clearScope();
    app.showScreen('overview');
    await user.click(within(kpi('running')).getByRole('button'));
    expect(app.scope.statuses).toEqual(['running']);
  });

  it('clicks through from Breaches, RTO compliance and VMs recovered to exactly the jobs they count', async () => {
    const { user, app } = await overview();
    const shown = () => app.scoped.map((op) => op.jobId);
    await user.click(within(kpi('breaches')).getByRole('button'));
    expect(app.screen).toBe('jobs');
    expect(app.scope.rtoResults).toEqual(['over', 'not-recovered', 'live-breach']);
    // 7 over target, 2 not recovered, and the live one.
    expect(shown()).toHaveLength(10);
    expect(app.scopeText).toBe(
      'all DR groups · all time · RTO over target, not recovered, live breach · 10 of 24 operations',
    );

    app.clearScope();
    app.showScreen('overview');
    await user.click(within(kpi('rto')).getByRole('button'));
    expect(app.scope.rtoResults).toEqual(['within', 'over', 'not-recovered', 'unconfirmed']);
    expect(shown()).toHaveLength(15);

    app.clearScope();
    app.showScreen('overview');
    await user.click(within(kpi('vms')).getByRole('button'));
    // 31 of 35 VMs: the 4 not recovered are in the 2 failed recoveries.
    expect(app.scope.rtoResults).toEqual(['not-recovered', 'unconfirmed']);
    expect(shown()).toEqual([10396, 10187]);

    // A figure of a scope already narrowed by RTO result lists the jobs of both, never more than it counts.
    app.clearScope();
    app.scope.rtoResults = ['within', 'over'];
    app.showScreen('overview');
    expect(await screen.findByTestId('kpi-breaches')).toHaveTextContent(/^Breaches 7/);
    await user.click(within(kpi('breaches')).getByRole('button'));
    expect(app.scope.rtoResults).toEqual(['over']);
    expect(shown()).toHaveLength(7);
    // Nothing behind a figure: nothing to click.
    app.scope.rtoResults = ['within'];
    app.showScreen('overview');
    expect(await screen.findByTestId('kpi-breaches')).toHaveTextContent(/^Breaches 0/);
    expect(within(kpi('breaches')).queryByRole('button')).toBeNull();
  });

  it('gives each DR group a card, by name, with its last tests, its live breaches and its jobs', async () => {
    const { user, app } = await overview();
    const titles = screen.getAllByTestId('group-card-title').map((t) => t.textContent);
    expect(titles).toEqual(['Exchange DR', 'Finance Tier 1', 'SAP Production']);
    const finance = groupCard('Finance Tier 1');
    expect(within(finance).getByTestId('live-breach')).toHaveTextContent(
      /1 live breach: job 10682 running — breached by/,
    );
    expect(within(finance).getByTestId('running-count')).toHaveTextContent('1 running');
    await user.click(within(finance).getByRole('button', { name: 'job 10682' }));
    expect(app.selectedJobId).toBe(10682);
    expect(app.screen).toBe('jobs');
    app.showScreen('overview');
    const sap = groupCard('SAP Production');
    await user.click(within(sap).getByRole('button', { name: /^Show \d+ jobs$/ }));
    expect(app.scope.groupIds).toEqual([31]);
    expect(app.screen).toBe('jobs');
  });

  it('finds each group’s last tests in all data fetched, whatever the scope, and says so on the card', async () => {
    const { app } = await overview();
    const day = (epoch: number) => formatTime(epoch).slice(0, 10);
    // Only failbacks in scope: no recovery operation of any group is in it, yet every group has been tested.
    app.scope.types = ['failback'];
    await vi.waitFor(() => expect(screen.getByTestId('overview-scope')).toHaveTextContent('Failback · 4 of 24'));
    for (const [name, lastTest, lastOk] of [
      // Finance Tier 1's newest recovery is a running test boot: not a finished test yet.
      ['Finance Tier 1', 10578, 10578],
      ['SAP Production', 10508, 10508],
      ['Exchange DR', 10631, 10631],
    ] as const) {
      const card = groupCard(name);
      const op = (jobId: number) => app.result!.operations.find((o) => o.jobId === jobId)!;
      expect(card).toHaveTextContent('From all data fetched, whatever the scope');
      expect(within(card).getByTestId('last-test')).toHaveTextContent(day(op(lastTest).start!));
      expect(within(card).getByTestId('last-successful')).toHaveTextContent(
        new RegExp(`^${day(op(lastOk).start!)} · \\d+ days? ago`),
      );
      expect(card).not.toHaveTextContent(/never|none in scope|Overdue/);
    }
    // A search for one job does not erase the others' history either.
    app.scope.types = [];
    app.scope.search = '10665';
    await vi.waitFor(() => expect(screen.getByTestId('overview-scope')).toHaveTextContent('1 of 24'));
    expect(within(groupCard('Finance Tier 1')).getByTestId('last-successful')).not.toHaveTextContent('never');
  });

  it('says the RTO trend holds what is in scope, next to a last successful test found outside it', async () => {
    const { app } = await overview();
    app.scope.statuses = ['failed'];
    const sap = await vi.waitFor(() => groupCard('SAP Production'));
    expect(within(sap).getByTestId('last-successful')).toHaveTextContent(/days? ago/);
    expect(sap).not.toHaveTextContent('no successful test yet');
    expect(sap).toHaveTextContent('RTO trend in scope: no successful test in this scope');
  });

  it('saves a group’s own test interval and target, and judges the data by them at once', async () => {
    let profile: ConnectionView = connectionView();
    const { user, requests, connections } = await overview({
      answers: {
        'connections:setGroupInterval': (request) => {
          const { groupId, days } = request as { groupId: number; days: number };
          profile = { ...profile, testIntervalsByGroup: { [String(groupId)]: days } };
          connections.list = [profile];
          return ok(profile);
        },
        'connections:setGroupTarget': (request) => {
          const { groupId, minutes } = request as { groupId: number; minutes: number };
          profile = { ...profile, rtoTargetsByGroup: { [String(groupId)]: minutes } };
          connections.list = [profile];
          return ok(profile);
        },
      },
    });
    const sap = groupCard('SAP Production');
    await user.click(within(sap).getByRole('button', { name: 'Group settings…' }));
    const form = within(sap).getByRole('form', { name: 'Settings for SAP Production' });
    await user.type(within(form).getByRole('spinbutton', { name: 'Test interval (days)' }), '14');
    await user.type(within(form).getByRole('spinbutton', { name: 'RTO target (minutes)' }), '240');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(within(sap).queryByRole('form')).toBeNull());
    expect(requests('connections:setGroupInterval')).toEqual([{ connectionId: 'prod', groupId: 31, days: 14 }]);
    expect(requests('connections:setGroupTarget')).toEqual([{ connectionId: 'prod', groupId: 31, minutes: 240 }]);
    expect(sap).toHaveTextContent('interval 14 days (group)');
    expect(sap).toHaveTextContent('target 4h 00m (group)');
  });

  it('keeps the form open with main’s reason when a group setting cannot be saved', async () => {
    const { user } = await overview({
      answers: {
        'connections:setGroupInterval': () => ({
          ok: false,
          error: { kind: 'storage', message: 'The settings file is read-only.', details: {} },
        }),
      },
    });
    const sap = groupCard('SAP Production');
    await user.click(within(sap).getByRole('button', { name: 'Group settings…' }));
    await user.type(within(sap).getByRole('spinbutton', { name: 'Test interval (days)' }), '14');
    await user.click(within(sap).getByRole('button', { name: 'Save' }));
    expect(await within(sap).findByRole('status')).toHaveTextContent('The settings file is read-only.');
    await user.click(within(sap).getByRole('button', { name: 'Cancel' }));
    expect(within(sap).queryByRole('form')).toBeNull();
  });

  it('says the figures are not current when the latest fetch failed, and fetches again', async () => {
    let n = 0;
    const commServe = simulatedCommServe({}, targets);
    const { user, app, requests } = await overview({
      commServe,
      answers: {
        'jobs:fetch': (request) =>
          ++n === 2
            ? { ok: false, error: { kind: 'refused', message: 'The CommServe refused the connection.', details: {} } }
            : ok({ ...commServe.fetch(), requestId: (request as { requestId: string }).requestId, fetchId: `f-${n}` }),
      },
    });
    await user.click(screen.getByRole('button', { name: 'Fetch again' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Connection refused');
    expect(screen.getByTestId('stale-note')).toHaveTextContent(
      new RegExp(
        `^⚠ Out of date: the fetch at .* failed \\(The CommServe refused the connection\\); this is the data from ${formatClock(NOW)}\\.`,
      ),
    );
    expect(kpi('operations')).toHaveTextContent('Operations 24');
    await user.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Retry' }));
    await vi.waitFor(() => expect(screen.queryByTestId('stale-note')).toBeNull());
    expect(requests('jobs:fetch')).toHaveLength(3);
    expect(app.error).toBeNull();
  });

  it('says when the scope leaves nothing, and clears it', async () => {
    const { user, app } = await overview();
    app.scope.search = 'nothing matches this';
    expect(await screen.findByRole('heading', { name: 'No operations in this scope' })).toBeInTheDocument();
    expect(screen.getByText('None of the 24 fetched operations match the scope.')).toBeInTheDocument();
    expect(kpi('operations')).toHaveTextContent('Operations 0');
    await user.click(screen.getByRole('button', { name: 'Clear scope' }));
    expect(screen.getAllByTestId('group-card-title')).toHaveLength(3);
  });

  it('shows a saved run as it was saved, offline, with no editing', async () => {
    const commServe = simulatedCommServe({}, targets);
    const { app } = await overview({
      commServe,
      answers: {
        'runs:open': () =>
          ok({
            ...commServe.fetch(),
            testIntervals: { testIntervalDays: 30, testIntervalsByGroup: {} },
            summary: runSummary({ name: 'Q3 DR test' }),
          }),
      },
    });
    await app.openRun('run-1');
    app.showScreen('overview');
    expect(await screen.findByText(/Saved run “Q3 DR test” · offline/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Fetch again' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Group settings…' })).toBeNull();
    // Judged by the intervals the run was saved with, not the connection's 90 days.
    expect(groupCard('SAP Production')).toHaveTextContent('interval 30 days');
  });
});

describe('OverviewScreen without data', () => {
  it('sends a user without a connection, or signed out, to the Connections screen', async () => {
    const { user, app } = await overview({ connections: [] });
    expect(screen.getByRole('heading', { name: 'No connection' })).toBeInTheDocument();
    app.showScreen('overview');
    await user.click(screen.getByRole('button', { name: 'Go to connections' }));
    expect(app.screen).toBe('connections');
  });

  it('asks a signed-out user to sign in', async () => {
    const { user, app } = await overview({
      connections: [connectionView({ session: { signedIn: false, userName: null } })],
    });
    expect(screen.getByRole('heading', { name: 'Signed out of Prod CommServe' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign in…' }));
    expect(app.screen).toBe('connections');
  });

  it('offers to fetch when nothing is fetched yet', async () => {
    let n = 0;
    const commServe = simulatedCommServe({}, targets);
    const { user, requests } = await overview({
      commServe,
      answers: {
        'jobs:fetch': (request) =>
          ++n === 1
            ? { ok: false, error: { kind: 'dns', message: 'cs.example.com was not found.', details: {} } }
            : ok({ ...commServe.fetch(), requestId: (request as { requestId: string }).requestId, fetchId: 'f-2' }),
      },
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Host not found');
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.getByRole('heading', { name: 'No data yet' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Fetch' }));
    expect(requests('jobs:fetch')).toHaveLength(2);
    expect(await screen.findByTestId('kpi-operations')).toHaveTextContent('Operations 24');
  });
});

describe('KpiStrip', () => {
  const kpis: Kpis = {
    operations: 0,
    finished: 0,
    succeeded: 0,
    failed: 0,
    running: 0,
    successRate: null,
    rtoJudged: 0,
    rtoWithin: 0,
    rtoCompliance: null,
    medianRto: null,
    p95Rto: null,
    vmsRecovered: 0,
    vmsTotal: 0,
    breaches: 0,
    runningBreaches: 0,
  };

  it('reads "—" and "none judged" where there is nothing to divide, and is not clickable without a handler', () => {
    render(KpiStrip, { kpis });
    expect(screen.getByTestId('kpi-success')).toHaveTextContent('Success rate — 0 of 0 finished');
    expect(screen.getByTestId('kpi-rto')).toHaveTextContent('RTO compliance — none judged (no target or no recovery)');
    expect(screen.getByTestId('kpi-vms')).toHaveTextContent('VMs recovered — 0 of 0 VMs');
    expect(screen.getByTestId('kpi-running')).toHaveTextContent('Running now 0 none past target');
    expect(screen.getByTestId('kpi-breaches')).toHaveTextContent('Breaches 0 over target or not recovered');
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('rounds 99.6 % to one decimal, never up to 100 %', () => {
    render(KpiStrip, {
      kpis: { ...kpis, operations: 1000, finished: 1000, succeeded: 996, failed: 4, successRate: 0.996 },
    });
    expect(screen.getByTestId('kpi-success')).toHaveTextContent('Success rate 99.6% 996 of 1000 finished');
  });
});

describe('OverviewScreen findings', () => {
  const finding = (id: string, drGroupId: number | null, status: 'open' | 'closed') => ({
    id,
    kind: 'not-recovered' as const,
    title: 'not recovered (0 of 2 VMs)',
    drGroupId,
    openedByJobId: 10187,
    openedAt: NOW - 86_400,
    status,
    closedByJobId: status === 'closed' ? 10200 : null,
    closedAt: status === 'closed' ? NOW : null,
    closedHow: status === 'closed' ? ('later-success' as const) : null,
    acceptedRisk: null,
    severity: 'high' as const,
    owner: '',
    due: null,
    notes: [],
    ageDays: 1,
  });

  it('counts each group’s open findings on its card, and clicks through to them', async () => {
    const { user, app } = await overview({
      answers: {
        'findings:list': () =>
          ok({ findings: [finding('a', 30, 'open'), finding('b', 30, 'open'), finding('c', 30, 'closed')] }),
      },
    });
    const card = groupCard('Finance Tier 1');
    await vi.waitFor(() => expect(within(card).getByTestId('open-findings')).toHaveTextContent('2 open findings'));
    expect(within(groupCard('SAP Production')).queryByTestId('open-findings')).toBeNull();
    await user.click(within(card).getByTestId('open-findings'));
    expect(app.screen).toBe('findings');
  });
});
