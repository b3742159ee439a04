import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import InsightsScreen from '../../renderer/src/components/InsightsScreen.svelte';
import PhaseDurationChart from '../../renderer/src/components/PhaseDurationChart.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { formatDuration, formatTime } from '../../renderer/src/lib/format';
import { phaseDurations, type PhaseDurationStat } from '../../renderer/src/lib/stats';
import { drawnChart, recordingCanvas, tooltipCallback, type DrawnChart } from './canvas';
import { simulatedCommServe } from './simulated';
import { ok, startedApp } from './standIn';

afterEach(() => vi.restoreAllMocks());

/** The Insights screen drawn on the simulator's data, 30-minute target; the canvases record what they draw. */
async function insights() {
  const started = await startedApp({
    commServe: simulatedCommServe({}, { rtoTargetSeconds: 1800 }),
    answers: { 'export:png': () => ok({ kind: 'cancelled' }) },
  });
  started.app.showScreen('insights');
  const canvas = recordingCanvas();
  render(InsightsScreen, { context: appContext(started.app) });
  return { ...started, canvas, user: userEvent.setup() };
}

const chartOf = (name: RegExp | string) => drawnChart(screen.getByRole('img', { name }))!;
/** What a user pointing at a bar or a point reads. */
const tooltipLabel = (chart: DrawnChart, datasetIndex: number, dataIndex: number) => {
  const dataset = chart.data.datasets[datasetIndex]!;
  return tooltipCallback<object>(chart, 'label')({ raw: dataset.data[dataIndex], dataset, datasetIndex, dataIndex });
};

describe('Insights charts, as drawn', () => {
  it('draws each group’s RTO trend against its target, failed recoveries on a row of their own', async () => {
    const { app, canvas } = await insights();
    // The first group with anything to plot, by name: Exchange DR.
    const chart = chartOf('Recovery RTO over time for Exchange DR');
    expect(chart.data.datasets.map((d) => d.label)).toEqual(['within target', 'over target', 'target 30m 00s']);
    const within = chart.data.datasets[0]!.data as { x: number; y: number; point: { jobId: number } }[];
    // Minutes on the axis: job 10631 recovered in 11m 55s.
    expect(within.find((p) => p.point.jobId === 10631)!.y).toBeCloseTo(715 / 60);
    expect(
      tooltipLabel(
        chart,
        0,
        within.findIndex((p) => p.point.jobId === 10631),
      ),
    ).toBe(
      `Job 10631 · ${formatTime(app.result!.operations.find((op) => op.jobId === 10631)!.start)} · within target · RTO 11m 55s`,
    );
    expect(canvas.texts()).toContain('Recovery RTO');

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'DR group' }), 'SAP Production (5)');
    const sap = chartOf('Recovery RTO over time for SAP Production');
    expect(sap.data.datasets.map((d) => d.label)).toEqual([
      'within target',
      'over target',
      'not recovered',
      'target 30m 00s',
    ]);
    // Not plotted at the time it took to fail (quick, so under the line: "within"), but on its own row.
    expect(sap.data.datasets[2]!.data).toEqual([expect.objectContaining({ y: 'not recovered' })]);
    expect(tooltipLabel(sap, 2, 0)).toMatch(/^Job 10396 · .* · not recovered \(0 of 2 VMs\) · ended after 11m 18s$/);
    expect(canvas.texts()).toContain('not recovered');
  });

  it('opens the job of a point clicked on the trend, never for the target line', async () => {
    const { app } = await insights();
    const chart = chartOf(/^Recovery RTO over time/);
    const onClick = chart.options.onClick as (
      event: unknown,
      elements: { datasetIndex: number; index: number }[],
    ) => void;
    const target = chart.data.datasets.length - 1;
    onClick({}, [{ datasetIndex: target, index: 0 }]);
    onClick({}, []);
    expect(app.selectedJobId).toBeNull();
    onClick({}, [{ datasetIndex: 1, index: 0 }]);
    const over = (chart.data.datasets[1]!.data[0] as unknown as { point: { jobId: number } }).point.jobId;
    expect(app.selectedJobId).toBe(over);
    expect(app.screen).toBe('jobs');
  });

  it('draws median and 95th percentile by phase on a log axis, each bar labelled with its value', async () => {
    const { app, canvas } = await insights();
    const chart = chartOf('Median and 95th percentile duration by phase, log scale');
    const stats = phaseDurations(app.scoped);
    expect(chart.data.labels).toEqual(stats.map((d) => d.name));
    const texts = canvas.texts();
    for (const d of stats.slice(0, 3))
      expect(texts).toEqual(expect.arrayContaining([formatDuration(d.median), formatDuration(d.p95)]));
    // Durations people read, never 20 s, 50 s, 200 s.
    const ticks = chart.scales.x!.ticks.map((t) => t.label);
    expect(ticks.length).toBeGreaterThan(1);
    for (const tick of ticks) expect(['1s', '10s', '1m', '10m', '1h', '10h', '4d', '40d']).toContain(tick);
    expect(tooltipLabel(chart, 0, 0)).toBe(`Median: ${formatDuration(stats[0]!.median)} (${stats[0]!.count} runs)`);
    expect(tooltipLabel(chart, 1, 0)).toBe(
      `95th percentile: ${formatDuration(stats[0]!.p95)} (${stats[0]!.count} runs)`,
    );
  });

  it('lists the longest running phases and the failing ones, each opening its job', async () => {
    const { app, user } = await insights();
    const running = screen.getByRole('region', { name: 'Running now: longest phases' });
    const rows = within(running).getAllByRole('row').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toHaveTextContent('Job 10682');
    await user.click(within(rows[0]!).getByRole('button', { name: 'Job 10682' }));
    expect(app.selectedJobId).toBe(10682);
    app.selectJob(null);
    app.showScreen('insights');
    const failing = screen.getByRole('region', { name: 'Failing phases' });
    expect(failing).toHaveTextContent('Timed out waiting for an IP address on [sapp-db-02] after 600 seconds.');
  });

  it('saves a chart as an image headed by the scope and the DR group it shows', async () => {
    const { canvas, requests, user } = await insights();
    const before = canvas.texts().length;
    const trend = screen.getByRole('region', { name: 'Recovery RTO trend' });
    await user.click(within(trend).getByRole('button', { name: 'Save chart as PNG' }));
    expect(canvas.texts().slice(before, before + 3)).toEqual([
      'RTO trend - Exchange DR',
      'all DR groups · all time · 24 of 24 operations',
      'DR group: Exchange DR',
    ]);
    expect(requests('export:png')).toEqual([
      { fileName: 'RTO trend - Exchange DR', pngBase64: expect.stringMatching(/^[A-Za-z0-9+/=]+$/) },
    ]);
    expect(await within(trend).findByRole('status')).toHaveTextContent('Cancelled.');
  });
});

describe('PhaseDurationChart', () => {
  it('starts its axis at 1 s when a phase takes 0 s, and labels each bar with its real value', async () => {
    const { app } = await startedApp();
    const canvas = recordingCanvas();
    const durations: PhaseDurationStat[] = [
      { name: 'Replication', count: 4, median: 7200, p95: 9000, max: 9600 },
      { name: 'Power On', count: 4, median: 0, p95: 3, max: 4 },
    ];
    render(PhaseDurationChart, { props: { durations, context: [], describedBy: 'x' }, context: appContext(app) });
    const chart = chartOf(/duration by phase/);
    // 0 s is under any log axis: drawn at its start, 1 s, never as long as the 1-hour tick the others would start at.
    expect(chart.scales.x!.min).toBe(1);
    expect(chart.data.datasets[0]!.data).toEqual([7200, 1]);
    expect(canvas.texts()).toEqual(expect.arrayContaining(['2h 00m', '0s', '3s']));
  });

  it('draws nothing when no phase has finished', async () => {
    const { app } = await startedApp();
    recordingCanvas();
    render(PhaseDurationChart, { props: { durations: [], context: [], describedBy: 'x' }, context: appContext(app) });
    expect(drawnChart(screen.getByRole('img'))).toBeUndefined();
  });
});
