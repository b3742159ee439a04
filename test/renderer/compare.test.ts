import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
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

/** A bridge whose compare replies the test releases one by one, in any order. */
function deferredBridge() {
  const pending: { request: { threshold: { percent: number } }; resolve: (c: Comparison) => void }[] = [];
  const api: DrStatsApi = {
    invoke: (channel, request) =>
      new Promise((resolve) => {
        const answer = (result: unknown) => resolve(result as never);
        if (channel !== 'compare:run')
          return answer({ ok: false, error: { kind: 'internal', message: channel, details: {} } });
        pending.push({
          request: request as (typeof pending)[number]['request'],
          resolve: (value) => answer({ ok: true, value }),
        });
      }),
    on: () => () => undefined,
  };
  return { api, pending };
}

describe('CompareScreen', () => {
  it('shows a failed side as a regression and "not recovered", never as faster', async () => {
    const { api, pending } = deferredBridge();
    useBridge(api);
    const state = new AppState();
    state.openCompare({
      mode: 'operations',
      left: { source: { kind: 'live', fetchId: 'f' }, jobId: 16579 },
      right: { source: { kind: 'live', fetchId: 'f' }, jobId: 16613 },
      threshold: { percent: 20, seconds: 30 },
    });
    render(CompareScreen, { context: appContext(state) });
    await vi.waitFor(() => expect(pending.length).toBe(1));
    pending[0]!.resolve(base);
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
    const { api, pending } = deferredBridge();
    useBridge(api);
    const state = new AppState();
    state.openCompare({
      mode: 'runs',
      left: { kind: 'saved', runId: 'a' },
      right: { kind: 'saved', runId: 'b' },
      threshold: { percent: 20, seconds: 30 },
    });
    render(CompareScreen, { context: appContext(state) });
    await vi.waitFor(() => expect(pending.length).toBe(1));
    const percent = screen.getByLabelText(/Regression when slower by more than/);
    await userEvent.clear(percent);
    await userEvent.type(percent, '50');
    await vi.waitFor(() => expect(pending.at(-1)!.request.threshold.percent).toBe(50));
    // The newest reply first, then the stale one for 20 %: the screen keeps the newest.
    pending.at(-1)!.resolve({ ...base, mode: 'runs', leftLabel: 'Newest', rows: [], regressions: 0 });
    await screen.findByText('Newest');
    pending[0]!.resolve({ ...base, mode: 'runs', leftLabel: 'Stale', rows: [], regressions: 0 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByText('Stale')).toBeNull();
    expect(screen.getByText('Newest')).toBeInTheDocument();
  });
});
