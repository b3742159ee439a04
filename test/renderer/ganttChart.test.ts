import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DrOperation } from '../../electron/contract/model';
import GanttChart from '../../renderer/src/components/GanttChart.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { formatClock, formatDuration, formatTime } from '../../renderer/src/lib/format';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { drawnChart, recordingCanvas, tooltipCallback, type DrawnLegendItem } from './canvas';
import { NOW, simulatedCommServe } from './simulated';
import { ok, startedApp, standIn } from './standIn';

afterEach(() => vi.restoreAllMocks());

const operations = simulatedCommServe().fetch().operations;
const job = (jobId: number) => operations.find((op) => op.jobId === jobId)!;

/** What a bar carries (GanttChart's Bar): enough of it for the tooltip. */
interface Bar {
  y: string;
  phase: string;
  status: string;
  x: [number, number];
}

function gantt(operation: DrOperation, options: { utc?: boolean; now?: number; app?: AppState } = {}) {
  const canvas = recordingCanvas();
  if (!options.app) standIn();
  render(GanttChart, {
    props: { operation, utc: options.utc ?? true, now: options.now ?? NOW },
    context: appContext(options.app ?? new AppState()),
  });
  const chart = drawnChart(screen.getByRole('img'))!;
  const bars = chart.data.datasets.flatMap((d) => d.data as Bar[]);
  // What a user pointing at a bar reads: Chart.js calls these with the bar's item.
  const tip = (bar: Bar) => {
    const item = { raw: bar };
    return [
      tooltipCallback<(typeof item)[]>(chart, 'title')([item]),
      tooltipCallback<typeof item>(chart, 'label')(item),
      tooltipCallback<typeof item>(chart, 'afterLabel')(item),
    ];
  };
  return { chart, bars, tip, canvas };
}

describe('GanttChart, as drawn', () => {
  it('draws a row per VM and a bar per phase, the phase by colour and the status in words', () => {
    const op = job(10187);
    const { chart, bars, canvas } = gantt(op);
    const names = [...new Set(op.vms.flatMap((vm) => vm.phases.map((p) => p.name)))];
    expect(chart.data.labels).toEqual(['fina-app-01', 'fina-sql-02']);
    expect(bars).toHaveLength(op.vms.reduce((n, vm) => n + vm.phases.length, 0));
    // The legend names each phase once, in order of first appearance, then explains the status patterns.
    expect(chart.legend!.legendItems!.map((i) => i.text)).toEqual([
      ...names,
      '✓ Succeeded (solid)',
      '✕ Failed (hatched)',
    ]);
    // One colour per phase, the same on every VM.
    const colours = chart.legend!.legendItems!.slice(0, names.length).map((i) => i.fillStyle);
    expect(new Set(colours).size).toBe(names.length);
    const texts = canvas.texts();
    expect(texts).toContain('Job 10187: phases per VM');
    expect(texts).toContain(`Time (UTC) · ${formatTime(op.start, true).slice(0, 10)}`);
    expect(texts).toEqual(expect.arrayContaining(['fina-app-01', 'fina-sql-02']));
    // A failed phase's bar says so in words, never by colour alone.
    expect(texts).toEqual(expect.arrayContaining(['✕ Check VM Boot Status', '✕ Clone VM']));
    expect(screen.getByRole('img').dataset.barCount).toBe(String(bars.length));
  });

  it('tells what a bar is when pointed at: VM, phase, status, times and the error', () => {
    const op = job(10187);
    const { bars, tip } = gantt(op);
    const failed = bars.find((b) => b.phase === 'Check VM Boot Status')!;
    const phase = op.vms[0]!.phases.find((p) => p.name === 'Check VM Boot Status')!;
    expect(tip(failed)).toEqual([
      'fina-app-01 · Check VM Boot Status',
      `✕ Failed · ${formatDuration(phase.duration)} (${formatClock(phase.start!, true)}–${formatClock(phase.end!, true)})`,
      'Boot check failed for [fina-app-01]: guest heartbeat not detected within 10 minutes.',
    ]);
  });

  it('hides a phase when its legend entry is clicked, and shows it again', () => {
    const { chart } = gantt(job(10187));
    const legend = chart.legend!;
    const onClick = chart.options.plugins!.legend!.onClick as unknown as (
      this: typeof legend,
      event: unknown,
      item: DrawnLegendItem,
      legendOf: typeof legend,
    ) => void;
    const entry = (text: string) => legend.legendItems!.find((i) => i.text === text)!;
    const click = (item: DrawnLegendItem) => onClick.call(legend, {}, item, legend);
    click(entry('Clone VM'));
    expect(chart.isDatasetVisible(entry('Clone VM').datasetIndex!)).toBe(false);
    expect(entry('Clone VM').hidden).toBe(true);
    // A status entry only explains the patterns: nothing to hide.
    click(entry('✕ Failed (hatched)'));
    expect(chart.data.datasets.every((_, i) => i === entry('Clone VM').datasetIndex || chart.isDatasetVisible(i))).toBe(
      true,
    );
    click(entry('Clone VM'));
    expect(entry('Clone VM').hidden).toBe(false);
  });

  it('draws a running job up to the fetch, marked as running as of then', () => {
    const op = job(10682);
    const { bars, chart, canvas, tip } = gantt(op, { now: NOW });
    const running = bars.filter((b) => b.status === 'running');
    expect(running.length).toBeGreaterThan(0);
    for (const bar of running) expect(bar.x[1]).toBe(NOW);
    expect(canvas.texts()).toContain(`◔ running — as of ${formatClock(NOW, true)}`);
    expect(chart.legend!.legendItems!.map((i) => i.text)).toContain('◔ Running (dotted)');
    expect(tip(running[0]!)[1]).toMatch(/^◔ Running · .+ so far \(since \d\d:\d\d:\d\d\)$/);
  });

  it('puts the days on the axis when a job runs past midnight, in the zone shown', () => {
    const op = job(10389);
    const start = op.start!;
    const midnight = Math.ceil(start / 86_400) * 86_400;
    // The same job, shifted to start an hour before midnight UTC.
    const shift = midnight - 3600 - start;
    const moved: DrOperation = {
      ...op,
      start: start + shift,
      end: op.end! + shift,
      vms: op.vms.map((vm) => ({
        ...vm,
        start: vm.start! + shift,
        end: vm.end! + shift,
        phases: vm.phases.map((p) => ({ ...p, start: p.start! + shift, end: p.end! + shift })),
      })),
    };
    const { canvas } = gantt(moved);
    const texts = canvas.texts();
    expect(texts).toContain(
      `Time (UTC) · ${formatTime(moved.start, true).slice(0, 10)} to ${formatTime(moved.end, true).slice(0, 10)}`,
    );
    // The first tick and the first after midnight carry the day.
    const dayTicks = texts.filter((t) => /^\d\d-\d\d \d\d:\d\d$/.test(t));
    expect(dayTicks.length).toBeGreaterThanOrEqual(2);
    expect(dayTicks).toContain(`${formatTime(midnight, true).slice(5, 10)} 00:00`);
  });

  it('says local time on the axis when UTC is off', () => {
    const { canvas } = gantt(job(10187), { utc: false });
    expect(canvas.texts()).toContain(`Time (local) · ${formatTime(job(10187).start, false).slice(0, 10)}`);
  });
});

describe('ChartImageButton', () => {
  it('saves the chart as a PNG with where its data came from written above it', async () => {
    const { app } = await startedApp({
      answers: { 'export:png': () => ok({ kind: 'saved', path: '/home/admin/Job 10187 phases.png', bytes: 4096 }) },
    });
    const { canvas } = gantt(
      app.result!.operations.find((op) => op.jobId === 10187)!,
      { app },
    );
    const before = canvas.texts().length;
    await userEvent.click(screen.getByRole('button', { name: 'Save chart as PNG' }));
    const header = canvas.texts().slice(before);
    expect(header[0]).toBe('Job 10187 phases');
    expect(header[1]).toMatch(
      new RegExp(
        `^Prod CommServe · data fetched ${formatTime(NOW)} \\S+ · image saved \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+$`,
      ),
    );
    expect(await screen.findByRole('status')).toHaveTextContent('Saved to /home/admin/Job 10187 phases.png');
  });

  it('says so when the browser cannot make the image, and sends nothing', async () => {
    const { app, requests } = await startedApp();
    gantt(app.result!.operations[0]!, { app });
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => {
      throw new Error('The canvas is too large to encode.');
    });
    await userEvent.click(screen.getByRole('button', { name: 'Save chart as PNG' }));
    expect(screen.getByRole('status')).toHaveTextContent('The canvas is too large to encode.');
    expect(requests('export:png')).toEqual([]);
  });
});
