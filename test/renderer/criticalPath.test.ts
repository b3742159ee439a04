import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { criticalPath, forecastTable } from '../../electron/contract/evidence';
import { evidenceReport } from '../../electron/contract/report';
import CriticalPathPanel from '../../renderer/src/components/CriticalPathPanel.svelte';
import ForecastBand from '../../renderer/src/components/ForecastBand.svelte';
import ReportPathsAndForecast from '../../renderer/src/components/report/ReportPathsAndForecast.svelte';
import { timedOperation } from '../contract/pathOperations';

const T = 1_700_000_000;
const DAY = 86_400;

/** A failover that waited 88 s for approval, then a VM of the next priority group. */
const failover = timedOperation(
  1,
  {
    'db-01': [
      [13, T, T + 10],
      [27, T + 10, T + 100],
      [1, T + 100, T + 400],
    ],
    'app-02': [
      [13, T + 460, T + 462],
      [1, T + 462, T + 1000],
    ],
  },
  { type: 'planned-failover' },
);

describe('CriticalPathPanel', () => {
  it('lists the path in words and by segment, short ones on one line, and a what-if beside the real RTO', async () => {
    render(CriticalPathPanel, { operation: failover, path: criticalPath(failover), group: [failover] });
    expect(screen.getByTestId('critical-path-words')).toHaveTextContent(
      'RTO 16m 40s: 54 % Phase 1 on app-02 · 30 % Phase 1 on db-01 · 9 % waiting for approval · 6 % priority interval · …',
    );
    const items = screen.getByTestId('critical-path-segments').querySelectorAll('li');
    expect([...items].map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Phase 13 on db-01 (held up app-02) 10s 1 %',
      'waiting for approval 1m 30s 9 %',
      'Phase 1 on db-01 (held up app-02) 5m 00s 30 %',
      'priority interval 1m 00s 6 %',
      'Phase 1 on app-02 8m 58s 54 %',
    ]);
    expect(screen.getByTestId('critical-path-folded')).toHaveTextContent('and 1 shorter segments');
    await userEvent.setup().selectOptions(screen.getByTestId('what-if-pick'), 'approval');
    expect(screen.getByTestId('what-if')).toHaveTextContent(
      'What-if RTO 15m 10s (without the wait for approval) beside the real RTO 16m 40s — computed, not measured',
    );
  });

  it('says a running recovery has no critical path yet', () => {
    const running = timedOperation(2, {
      'db-01': [
        [13, T, T + 10],
        [1, T + 10, null],
      ],
    });
    render(CriticalPathPanel, { operation: running, path: criticalPath(running), group: [] });
    expect(screen.getByTestId('critical-path-none')).toHaveTextContent('Still running: no critical path yet.');
    expect(screen.queryByTestId('what-if-pick')).toBeNull();
  });
});

/** A group whose test boots took 10 to 16 minutes, and one with only 3 runs. */
const history = [
  ...Array.from({ length: 12 }, (_, i) =>
    timedOperation(100 + i, { 'a-01': [[42, T + i * DAY, T + i * DAY + 600 + (i % 4) * 120]] }, { group: 7 }),
  ),
  ...Array.from({ length: 3 }, (_, i) =>
    timedOperation(200 + i, { 'b-01': [[42, T + i * DAY, T + i * DAY + 60]] }, { group: 8 }),
  ),
];

describe('ForecastBand', () => {
  it('says the P90 against the target, and no forecast from fewer than 5 runs', () => {
    const rows = forecastTable(history, { rtoTargetSeconds: 900, rtoTargetsByGroup: {} });
    render(ForecastBand, { forecasts: rows.filter((r) => r.groupId === 7) });
    expect(screen.getByTestId('forecast-band')).toHaveTextContent(
      /Next Test Boot \(12 runs\) ▲ P90 16m 00s > target 15m 00s: at risk · P50 1\dm 00s/,
    );
    render(ForecastBand, { forecasts: rows.filter((r) => r.groupId === 8) });
    expect(screen.getAllByTestId('forecast-band')[1]).toHaveTextContent('No forecast yet (5 runs needed): Test Boot 3');
  });
});

describe('the report’s forecast and critical paths', () => {
  it('prints each group’s forecast with its back-test, and the path of every over-target recovery', () => {
    const model = evidenceReport({
      operations: history,
      history,
      scopeText: 'all',
      groupNames: { '7': 'Finance Tier 1', '8': 'Web' },
      targets: { rtoTargetSeconds: 900, rtoTargetsByGroup: {} },
      intervals: null,
      asOf: T + 30 * DAY,
      generatedAt: T + 30 * DAY,
      server: { name: 'cs', address: 'https://cs' },
      savedRun: null,
      stale: null,
      app: { name: 'DR Job Stats', version: 'test' },
      dataSha256: 'x',
      record: null,
    });
    render(ReportPathsAndForecast, { model });
    const forecast = screen.getByTestId('report-forecast');
    expect(forecast).toHaveTextContent('Finance Tier 1Test Boot12');
    expect(forecast).toHaveTextContent('at risk');
    expect(forecast).toHaveTextContent('no forecast (fewer than 5 runs)');
    const paths = screen.getByTestId('report-critical-paths').querySelectorAll('tbody tr');
    // The runs of 16 minutes are over the 15-minute target.
    expect(paths).toHaveLength(3);
    expect(paths[0]).toHaveTextContent('100 % Phase 42 on a-01');
  });
});
