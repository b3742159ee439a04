import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DrStatsApi } from '../../electron/contract/api';
import {
  CompareRequestSchema,
  ComparisonSchema,
  DEFAULT_THRESHOLD,
  type Comparison,
  type CompareRequest,
} from '../../electron/contract/compare';
import type { Result } from '../../electron/contract/errors';
import { EMPTY_SCOPE } from '../../electron/contract/scope';
import { compareOperations, compareRuns } from '../../electron/reports/compare';
import CompareScreen from '../../renderer/src/components/CompareScreen.svelte';
import { useBridge } from '../../renderer/src/lib/api';
import { appContext } from '../../renderer/src/lib/appContext';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { fakeBridge } from './fakeBridge';
import { simulatedCommServe } from './simulated';
import { ok } from './standIn';

// Fields not given take the contract's defaults, as main's answer is checked.
const base: Comparison = ComparisonSchema.parse({
  mode: 'operations',
  leftLabel: 'Job 16579',
  rightLabel: 'Job 16613',
  leftRto: 1083,
  rightRto: null,
  leftRtoLabel: null,
  rightRtoLabel: 'not recovered (1 of 7 VMs)',
  leftNotRecovered: 0,
  rightNotRecovered: 1,
  scopeWarning: null,
  rows: [
    {
      level: 'phase',
      vm: 'fina-db-03',
      phase: 'Power On',
      left: 120,
      right: 6,
      delta: null,
      deltaPercent: null,
      presence: 'both',
      regression: true,
      leftStatus: 'succeeded',
      rightStatus: 'failed',
      reason: 'failed',
      leftFailures: 0,
      rightFailures: 1,
    },
    {
      level: 'phase',
      vm: 'fina-db-03',
      phase: 'Finalize',
      left: 30,
      right: null,
      delta: null,
      deltaPercent: null,
      presence: 'left-only',
      regression: true,
      leftStatus: 'succeeded',
      rightStatus: 'not-reached',
      reason: 'not-reached',
      leftFailures: 0,
      rightFailures: 0,
    },
  ],
  regressions: 2,
});

type Pending = { request: { threshold: { percent: number } }; resolve: (c: Comparison) => void };

/**
 * A bridge whose compare replies the test releases one by one, in any order. `requested(match)` resolves with the
 * first request that matches, already sent or yet to come: the test awaits the screen's call, never polls for it.
 */
function deferredBridge() {
  const pending: Pending[] = [];
  const waiters: { match: (request: Pending['request']) => boolean; resolve: (p: Pending) => void }[] = [];
  const api: DrStatsApi = {
    invoke: (channel, request) =>
      new Promise((resolve) => {
        const answer = (result: unknown) => resolve(result as never);
        if (channel !== 'compare:run')
          return answer({ ok: false, error: { kind: 'internal', message: channel, details: {} } });
        const entry: Pending = {
          request: request as Pending['request'],
          resolve: (value) => answer({ ok: true, value }),
        };
        pending.push(entry);
        for (const waiter of waiters.filter((w) => w.match(entry.request))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(entry);
        }
      }),
    on: () => () => undefined,
  };
  const requested = (match: (request: Pending['request']) => boolean = () => true): Promise<Pending> => {
    const sent = pending.find((p) => match(p.request));
    return sent ? Promise.resolve(sent) : new Promise((resolve) => waiters.push({ match, resolve }));
  };
  return { api, pending, requested };
}

describe('CompareScreen', () => {
  it('shows a failed side as a regression and "not recovered", never as faster', async () => {
    const { api, requested } = deferredBridge();
    useBridge(api);
    const state = new AppState();
    state.openCompare({
      mode: 'operations',
      left: { source: { kind: 'live', fetchId: 'f' }, jobId: 16579 },
      right: { source: { kind: 'live', fetchId: 'f' }, jobId: 16613 },
      threshold: { percent: 20, seconds: 30 },
    });
    render(CompareScreen, { context: appContext(state) });
    (await requested()).resolve(base);
    const summary = await screen.findByTestId('comparison-summary');
    expect(summary).toHaveTextContent('RTO: 18m 03s → not recovered (1 of 7 VMs)');
    const table = screen.getByRole('table', { name: 'Phase by phase' });
    expect(table).toHaveTextContent('✕ failed after 6s');
    expect(table).toHaveTextContent('▲ regression: failed in Job 16613');
    expect(table).toHaveTextContent('not reached');
    expect(table).toHaveTextContent('▲ regression: not reached in Job 16613');
    expect(table).not.toHaveTextContent('−');
  });

  it('ignores a reply that arrives after a newer request was sent', async () => {
    const { api, pending, requested } = deferredBridge();
    useBridge(api);
    const state = new AppState();
    state.openCompare({
      mode: 'runs',
      left: { kind: 'saved', runId: 'a' },
      right: { kind: 'saved', runId: 'b' },
      threshold: { percent: 20, seconds: 30 },
    });
    render(CompareScreen, { context: appContext(state) });
    const first = await requested();
    expect(first.request.threshold.percent).toBe(20);
    const percent = screen.getByLabelText(/Regression when slower by more than/);
    await userEvent.clear(percent);
    await userEvent.type(percent, '50');
    const newest = await requested((r) => r.threshold.percent === 50);
    // The newest reply first, then the stale one for 20 %: the screen keeps the newest.
    newest.resolve({ ...base, mode: 'runs', leftLabel: 'Newest', rows: [], regressions: 0 });
    await screen.findByText('Newest');
    first.resolve({ ...base, mode: 'runs', leftLabel: 'Stale', rows: [], regressions: 0 });
    // Another edit sends one more request, which the test leaves unanswered: by the time the screen sends it, the
    // stale reply has long been handled and drawn (or ignored), and nothing has replaced what is shown since.
    await userEvent.type(percent, '5');
    await requested((r) => r.threshold.percent === 505);
    expect(pending.at(-1)!.request.threshold.percent).toBe(505);
    expect(screen.queryByText('Stale')).toBeNull();
    expect(screen.getByText('Newest')).toBeInTheDocument();
  });
});

/** The Compare screen answered as main answers it: the real comparisons of the simulator's operations. */
function compareOn(request: CompareRequest | null, answers: Record<string, (request: unknown) => unknown> = {}) {
  // A 30-minute target; Finance Tier 1's own is 20 s, so its running test boot (job 10682) is a live breach.
  const data = simulatedCommServe({}, { rtoTargetSeconds: 1800, rtoTargetsByGroup: { '30': 20 } }).fetch();
  const { operations } = data;
  const op = (jobId: number) => operations.find((o) => o.jobId === jobId)!;
  // Each side judged as main judges it: the data's own targets, at its fetch time.
  const side = { targets: data, asOf: data.fetchedAt };
  const main = fakeBridge({
    'compare:run': (sent) => {
      // Checked (defaults applied) as main's dispatcher hands it to the service.
      const checked = CompareRequestSchema.parse(sent);
      if (checked.mode === 'operations')
        return ok(compareOperations(op(checked.left.jobId), op(checked.right.jobId), checked.threshold, [side, side]));
      const finance = operations.filter((o) => o.drGroupId === 30);
      return ok(
        compareRuns(
          operations,
          finance,
          ['Q2 DR test', 'Q3 DR test'],
          checked.threshold,
          [
            { scope: EMPTY_SCOPE, text: 'all DR groups · all time · 24 of 24 operations' },
            { scope: { ...EMPTY_SCOPE, groupIds: [30] }, text: 'Finance Tier 1 · all time · 10 of 24 operations' },
          ],
          [side, side],
        ),
      );
    },
    ...(answers as Record<string, (request: unknown) => Result<unknown>>),
  });
  useBridge(main.api);
  const state = new AppState();
  if (request) state.openCompare(request);
  render(CompareScreen, { context: appContext(state) });
  return { ...main, state, user: userEvent.setup() };
}

const live = { kind: 'live' as const, fetchId: 'fetch-1' };

describe('CompareScreen on the simulator’s data', () => {
  it('compares two jobs VM by VM and phase by phase, a failed one never faster', async () => {
    const { user, requests } = compareOn(
      {
        mode: 'operations',
        left: { source: live, jobId: 10147 },
        right: { source: live, jobId: 10187 },
        threshold: DEFAULT_THRESHOLD,
      },
      { 'export:comparisonCsv': () => ok({ kind: 'saved', path: '/home/admin/Comparison.csv', bytes: 900 }) },
    );
    const summary = await screen.findByTestId('comparison-summary');
    expect(summary).toHaveTextContent('RTO: 17m 28s → not recovered (0 of 2 VMs)');
    expect(screen.getByText(/Phase by phase, two DR operations\./)).toHaveTextContent(
      'Earlier: Job 10147 · later: Job 10187',
    );
    const vms = screen.getByRole('table', { name: 'VM by VM' });
    const vmRows = (within(vms).getAllByRole('row') as HTMLTableRowElement[]).slice(1);
    expect(vmRows.map((r) => r.cells[0]!.textContent)).toEqual(['fina-app-01', 'fina-sql-02']);
    const phases = screen.getByRole('table', { name: 'Phase by phase' });
    expect(phases).toHaveTextContent('fina-app-01 · Check VM Boot Status');
    expect(phases).toHaveTextContent('▲ regression: failed in Job 10187');
    const all = within(phases).getAllByRole('row').length;
    await user.click(screen.getByRole('checkbox', { name: 'Only regressions' }));
    const regressions = within(screen.getByRole('table', { name: 'Phase by phase' }))
      .getAllByRole('row')
      .slice(1);
    expect(regressions.length).toBeLessThan(all - 1);
    for (const row of regressions) expect(row).toHaveTextContent('▲ regression');

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(requests('export:comparisonCsv')).toEqual([
      {
        compare: {
          mode: 'operations',
          left: { source: live, jobId: 10147 },
          right: { source: live, jobId: 10187 },
          threshold: { percent: 20, seconds: 30 },
        },
        options: { utc: false },
      },
    ]);
    expect(await screen.findByRole('status')).toHaveTextContent('Saved to /home/admin/Comparison.csv');
  });

  it('compares two runs by their medians, and warns that their scopes differ', async () => {
    compareOn({
      mode: 'runs',
      left: { kind: 'saved', runId: 'q2' },
      right: { kind: 'saved', runId: 'q3' },
      threshold: DEFAULT_THRESHOLD,
    });
    expect(await screen.findByTestId('scope-warning')).toHaveTextContent('⚠ Different scopes.');
    expect(screen.getByText(/Median durations over all operations of each run\./)).toBeInTheDocument();
    // Shares of each run's finished recoveries, never bare counts of runs of different sizes.
    expect(screen.getByTestId('comparison-summary')).toHaveTextContent(
      /^Median RTO: .+ \(2 of 15 not recovered, 13.3%\) → .+ \(1 of 5 not recovered, 20%\)/,
    );
    // The live breach in the later run is said.
    expect(screen.getByTestId('comparison-summary')).toHaveTextContent('⚠ 1 live breach in Q3 DR test');
    const phases = screen.getByRole('table', { name: 'Phase by phase' });
    expect(phases).toHaveTextContent(/fails (more|less) often \(\d+ of \d+, [\d.]+% → \d+ of \d+, [\d.]+%\)/);
  });

  it('calls a failure only in the earlier job an improvement, never a regression of the later one', async () => {
    compareOn({
      mode: 'operations',
      left: { source: live, jobId: 10187 },
      right: { source: live, jobId: 10147 },
      threshold: DEFAULT_THRESHOLD,
    });
    const summary = await screen.findByTestId('comparison-summary');
    expect(summary).toHaveTextContent('RTO: not recovered (0 of 2 VMs) → 17m 28s');
    expect(summary).toHaveTextContent(/· \d+ improvements/);
    const vms = screen.getByRole('table', { name: 'VM by VM' });
    expect(vms).toHaveTextContent('▼ improvement: recovered (failed in Job 10187)');
    expect(vms).not.toHaveTextContent('regression');
    // What failed only in the earlier job is no regression of the later one anywhere.
    expect(screen.getByRole('table', { name: 'Phase by phase' })).toHaveTextContent('▼ improvement: recovered');
    expect(screen.queryByText(/regression: (failed|not reached)/)).toBeNull();
  });

  it('shows a running job already past its target as a live breach, on its VMs too', async () => {
    compareOn({
      mode: 'operations',
      left: { source: live, jobId: 10147 },
      right: { source: live, jobId: 10682 },
      threshold: DEFAULT_THRESHOLD,
    });
    const summary = await screen.findByTestId('comparison-summary');
    expect(summary).toHaveTextContent(/RTO: 17m 28s → ⚠ running — breached by \d/);
    expect(within(summary).getByText(/running — breached by/)).toHaveClass('bad');
    const vms = screen.getByRole('table', { name: 'VM by VM' });
    expect(vms).toHaveTextContent(/\d+s so far, running/);
    expect(vms).toHaveTextContent('▲ regression: running past its target in Job 10682 (live breach)');
    // Its VMs are still running: none of them reads as faster, and the phases still to come are not "only" earlier.
    expect(vms).not.toHaveTextContent('faster');
    const phases = screen.getByRole('table', { name: 'Phase by phase' });
    expect(phases).toHaveTextContent('not yet (running)');
    expect(phases).not.toHaveTextContent('only in Job 10147');
  });

  it('says why a comparison could not be made', async () => {
    compareOn(
      {
        mode: 'operations',
        left: { source: live, jobId: 10147 },
        right: { source: live, jobId: 99999 },
        threshold: DEFAULT_THRESHOLD,
      },
      {
        'compare:run': () => ({
          ok: false,
          error: { kind: 'not-found', message: 'Job 99999 is not in that data.', details: {} },
        }),
      },
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Job 99999 is not in that data.');
    expect(screen.queryByTestId('comparison-summary')).toBeNull();
  });

  it('says how to pick what to compare when nothing is picked', () => {
    compareOn(null);
    expect(
      screen.getByText("Pick two saved runs under Runs, or “Compare with…” in a job's detail."),
    ).toBeInTheDocument();
  });
});
