import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { RunView } from '../../electron/contract/jobs';
import { classify } from '../../electron/contract/evidence';
import type { DrOperation } from '../../electron/contract/model';
import { EMPTY_SCOPE } from '../../electron/contract/scope';
import InsightsScreen from '../../renderer/src/components/InsightsScreen.svelte';
import { useBridge } from '../../renderer/src/lib/api';
import { appContext } from '../../renderer/src/lib/appContext';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { fakeBridge } from './fakeBridge';

// jsdom has no canvas: the charts are not drawn here (the e2e test draws them); their text alternatives are.
vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
vi.spyOn(console, 'error').mockImplementation(() => undefined);
// Renderer test files share one jsdom (vitest.config.ts): later files get the real canvas and console back.
afterAll(() => vi.restoreAllMocks());

/** A moment in 2026: job times are real times (main refuses any outside 1990–2100). */
const T0 = 1_790_000_000;

const operation = (
  jobId: number,
  drGroupId: number,
  type: DrOperation['operationType'],
  status: DrOperation['status'],
  duration: number,
  error: string | null = null,
): DrOperation =>
  classify(
    {
      jobId,
      drGroupId,
      operationType: type,
      operationTypeSource: 'commserve',
      start: T0 + 1_000 * jobId,
      end: T0 + 1_000 * jobId + duration,
      duration,
      rto: null,
      status,
      failedPhases: status === 'failed' ? 1 : 0,
      runningPhases: 0,
      vms: [
        {
          jobId,
          replicationId: 1,
          drGroupId,
          client: { id: 1, name: `vm-${jobId}` },
          start: T0 + 1_000 * jobId,
          end: T0 + 1_000 * jobId + duration,
          status,
          failedPhases: status === 'failed' ? 1 : 0,
          phases: [
            {
              code: 1,
              name: 'Power On',
              status,
              rawStatus: null,
              start: T0 + 1_000 * jobId,
              end: T0 + 1_000 * jobId + duration,
              duration,
              machine: null,
              errorMessage: error,
              childJobId: null,
            },
          ],
        },
      ],
    },
    type,
  );

const data: RunView = {
  operations: [
    operation(1, 10, 'test-boot', 'succeeded', 600),
    operation(2, 10, 'undo-failover', 'succeeded', 300),
    operation(3, 20, 'planned-failover', 'succeeded', 2400),
    operation(4, 20, 'unplanned-failover', 'failed', 120, 'Power on failed: no capacity'),
  ],
  groupNames: { '10': 'Finance Tier 1', '20': 'SAP Production' },
  fetchedAt: T0 + 100_000,
  endpoint: 'DRGroups/JobStats',
  format: 'json',
  vmRunCount: 4,
  bytes: 1,
  rawBodySha256: 'x',
  fetchFilter: {},
  testIntervals: null,
  savedScopeText: '',
  totalOperations: 4,
  rtoTargetSeconds: 7200,
  rtoTargetsByGroup: { '20': 1800 },
};

/** A state showing `data` as a live fetch answered by a fake main, as the Jobs screen's Fetch would. */
async function showing(view: RunView): Promise<AppState> {
  const { api } = fakeBridge({
    'jobs:fetch': (request) => ({
      ok: true,
      value: { ...view, requestId: (request as { requestId: string }).requestId, fetchId: 'f1' },
    }),
    'jobs:watch': () => ({ ok: true, value: {} }),
  });
  useBridge(api);
  const state = new AppState();
  state.activeId = 'c1';
  await state.fetchJobs();
  expect(state.result?.operations).toHaveLength(view.operations.length);
  return state;
}

describe('InsightsScreen', () => {
  it("is over the scope, says so, and gives each group's target in the trend's text alternative", async () => {
    const app = await showing(data);
    app.scope = { ...EMPTY_SCOPE, groupIds: [20] };
    render(InsightsScreen, { context: appContext(app) });
    expect(screen.getByTestId('insights-scope')).toHaveTextContent('SAP Production · all time · 2 of 4 operations');
    const table = screen.getByTestId('rto-by-group');
    expect(table).toHaveTextContent('SAP Production');
    expect(table).not.toHaveTextContent('Finance Tier 1');
    expect(screen.getByTestId('trend-summary')).toHaveTextContent(
      'SAP Production (target 30m 00s): 2 finished recovery operations',
    );
    expect(screen.getByTestId('trend-summary')).toHaveTextContent('1 over target, 1 not recovered');
  });

  it('draws each chart as a named image described by words that state what it shows', async () => {
    const app = await showing(data);
    render(InsightsScreen, { context: appContext(app) });
    const trend = screen.getByRole('img', { name: /^Recovery RTO over time for / });
    expect(trend).toHaveAccessibleDescription(/^Finance Tier 1 \(target 2h 00m\): 1 finished recovery operation from /);
    const durations = screen.getByRole('img', { name: 'Median and 95th percentile duration by phase, log scale' });
    expect(durations).toHaveAccessibleDescription(
      '1 phase by duration (finished phases only), slowest 95th percentile first: Power On, median 7m 30s, 95th percentile 35m 30s.',
    );
  });

  it('leaves undo operations out of the RTO figures and opens a failing phase’s job', async () => {
    const app = await showing(data);
    render(InsightsScreen, { context: appContext(app) });
    const finance = within(screen.getByTestId('rto-by-group'))
      .getByRole('button', { name: 'Finance Tier 1' })
      .closest('tr')!;
    // Target, median and p95 of the test boot alone: the 5-minute undo is not an RTO.
    expect(finance).toHaveTextContent('2h 00m10m 00s10m 00s');
    await userEvent.click(
      within(screen.getByRole('region', { name: 'Failing phases' })).getByRole('button', { name: 'Job 4' }),
    );
    expect(app.selectedJobId).toBe(4);
    expect(app.screen).toBe('jobs');
  });
});
