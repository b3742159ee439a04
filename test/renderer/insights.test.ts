import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { RunView } from '../../electron/contract/api';
import { classify } from '../../electron/contract/evidence';
import type { DrOperation } from '../../electron/contract/model';
import { EMPTY_SCOPE } from '../../electron/contract/scope';
import InsightsScreen from '../../renderer/src/components/InsightsScreen.svelte';
import { app } from '../../renderer/src/lib/state.svelte';

// jsdom has no canvas: the charts are not drawn here (the e2e test draws them); their text alternatives are.
vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
vi.spyOn(console, 'error').mockImplementation(() => undefined);
// Renderer test files share one jsdom (vitest.config.ts): later files get the real canvas and console back.
afterAll(() => vi.restoreAllMocks());

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
      start: 1_000 * jobId,
      end: 1_000 * jobId + duration,
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
          start: 1_000 * jobId,
          end: 1_000 * jobId + duration,
          status,
          failedPhases: status === 'failed' ? 1 : 0,
          phases: [
            {
              code: 1,
              name: 'Power On',
              status,
              rawStatus: null,
              start: 1_000 * jobId,
              end: 1_000 * jobId + duration,
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
  fetchedAt: 100_000,
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

afterEach(() => {
  app.result = null;
  app.scope = { ...EMPTY_SCOPE };
});

describe('InsightsScreen', () => {
  it("is over the scope, says so, and gives each group's target in the trend's text alternative", () => {
    app.result = data;
    app.scope = { ...EMPTY_SCOPE, groupIds: [20] };
    render(InsightsScreen);
    expect(screen.getByTestId('insights-scope')).toHaveTextContent('SAP Production · all time · 2 of 4 operations');
    const table = screen.getByTestId('rto-by-group');
    expect(table).toHaveTextContent('SAP Production');
    expect(table).not.toHaveTextContent('Finance Tier 1');
    expect(screen.getByTestId('trend-summary')).toHaveTextContent(
      'SAP Production (target 30m 00s): 2 finished recovery operations',
    );
    expect(screen.getByTestId('trend-summary')).toHaveTextContent('1 over target, 1 not recovered');
  });

  it('leaves undo operations out of the RTO figures and opens a failing phase’s job', async () => {
    app.result = data;
    render(InsightsScreen);
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
