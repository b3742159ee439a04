import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DrStatsApi } from '../../electron/contract/api';
import type { Comparison } from '../../electron/contract/compare';
import CompareScreen from '../../renderer/src/components/CompareScreen.svelte';
import { useBridge } from '../../renderer/src/lib/api';
import { appContext } from '../../renderer/src/lib/appContext';
import { AppState } from '../../renderer/src/lib/state.svelte';

const base: Comparison = {
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
};

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
