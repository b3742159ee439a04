import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classify } from '../../electron/contract/evidence';
import type { DrOperation, Phase } from '../../electron/contract/model';
import EvidenceReport from '../../renderer/src/components/EvidenceReport.svelte';
import ReportButton from '../../renderer/src/components/ReportButton.svelte';
import ReportTimeline from '../../renderer/src/components/ReportTimeline.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { formatTime, timeZoneLabel } from '../../renderer/src/lib/format';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { clock } from '../../renderer/src/lib/clock';
import { realTimers } from '../../electron/contract/timers';
import { NOW, runSummary, simulatedCommServe } from './simulated';
import { deferred, ok, standIn } from './standIn';

/** The seeded data set judged with a 30-minute target; Finance Tier 1's own target (20 s) makes its running job a live breach. */
const targets = { rtoTargetSeconds: 1800, rtoTargetsByGroup: { '30': 20 } };

/** When the report is opened in these tests: an hour after the data was fetched. */
const GENERATED = NOW + 3600;

async function report(options: Parameters<typeof standIn>[0] = {}) {
  clock.source = { now: () => GENERATED * 1000 };
  const main = standIn({ commServe: simulatedCommServe({}, targets), ...options });
  const app = new AppState();
  expect((await app.start()).ok).toBe(true);
  app.showScreen('overview');
  app.openEvidenceReport();
  render(EvidenceReport, { context: appContext(app) });
  return { ...main, app, user: userEvent.setup() };
}

const paper = () => screen.getByRole('article', { name: 'DR test evidence report' });
/** The header's facts, by their row heading. */
const facts = () =>
  Object.fromEntries(
    [...paper().querySelectorAll('table.meta th')].map((th) => [
      th.textContent,
      th.nextElementSibling!.textContent!.trim(),
    ]),
  );
const tableAfter = (heading: RegExp) => {
  const h2 = within(paper()).getByRole('heading', { name: heading });
  let next = h2.nextElementSibling;
  while (next && next.tagName !== 'TABLE') next = next.nextElementSibling;
  return next as HTMLTableElement;
};

/** A table's rows under its heading row. */
const bodyRows = (table: HTMLElement) => (within(table).getAllByRole('row') as HTMLTableRowElement[]).slice(1);

describe('EvidenceReport', () => {
  afterEach(() => {
    clock.source = realTimers;
  });

  it('states where the data comes from, when it was fetched and its SHA-256', async () => {
    const { app } = await report();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('DR test evidence report');
    const header = facts();
    expect(header).toMatchObject({
      CommServe: 'Prod CommServe',
      Address: 'https://cs.example.com/commandcenter/api',
      Scope: 'all DR groups · all time · 24 of 24 operations',
      'Data fetched': `${formatTime(NOW)} — running operations judged at this moment`,
      'Time zone': timeZoneLabel(false),
      App: 'DR Job Stats 0.1.0-test',
    });
    // The moment comes from the page's injected clock (set in the test's setup), not a race with the real one.
    expect(header.Generated).toBe(formatTime(GENERATED));
    expect(screen.getByTestId('report-sha256').textContent).toBe(app.result!.rawBodySha256);
    expect(app.result!.rawBodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(header).not.toHaveProperty('Out of date');
  });

  it('sums up, per DR group and per operation, with every failure message', async () => {
    await report();
    const summary = tableAfter(/^Summary$/);
    expect(summary).toHaveTextContent('2421 succeeded, 2 failed');
    expect(summary).toHaveTextContent('40%6 of 15 judged; median 13m 40s');
    expect(summary).toHaveTextContent('101 live');

    const groups = bodyRows(tableAfter(/^DR groups$/));
    expect(groups.map((r) => r.cells[0]!.textContent)).toEqual(['Exchange DR', 'Finance Tier 1', 'SAP Production']);
    expect(groups[1]!.cells[7]).toHaveTextContent('1');

    // Oldest first, each once.
    const operations = bodyRows(tableAfter(/^Operations \(24\)$/));
    expect(operations).toHaveLength(24);
    expect(operations[0]).toHaveTextContent(/^10146/);
    expect(operations.at(-1)).toHaveTextContent(/^10682/);
    const failed = operations.find((r) => r.cells[0]!.textContent!.startsWith('10187'))!;
    expect(failed.cells[2]).toHaveTextContent('Failed');
    expect(failed.cells[5]).toHaveTextContent('✕ not recovered (0 of 2 VMs)');
    expect(failed.cells[7]).toHaveTextContent(
      'fina-app-01 · Check VM Boot Status: Boot check failed for [fina-app-01]: guest heartbeat not detected within 10 minutes.',
    );
    expect(failed.cells[7]).toHaveTextContent('fina-sql-02 · Clone VM: Clone of [fina-sql-02] failed');
    const running = operations.at(-1)!;
    expect(running.cells[2]).toHaveTextContent('Running');
    expect(running.cells[4]).toHaveTextContent(/so far$/);
    expect(running.cells[5]).toHaveTextContent(/⚠ running — breached by/);
  });

  it('prints each group’s last successful test from all data fetched, whatever the scope', async () => {
    const { app } = await report();
    app.scope.types = ['failback'];
    await vi.waitFor(() => expect(facts().Scope).toBe('all DR groups · all time · Failback · 4 of 24 operations'));
    const groups = bodyRows(tableAfter(/^DR groups$/));
    expect(groups).toHaveLength(3);
    for (const row of groups) {
      expect(row.cells[3]).toHaveTextContent(/^\d{4}-\d\d-\d\d · \d+ days? ago$/);
      expect(row).not.toHaveTextContent(/never|OVERDUE/);
    }
  });

  it('draws a timeline of every failed or over-target operation', async () => {
    await report();
    expect(within(paper()).getByRole('heading', { name: /^Timelines/ })).toHaveTextContent(
      'Timelines of failed and over-target operations (10)',
    );
    const figures = within(paper()).getAllByRole('figure');
    expect(figures).toHaveLength(10);
    const failed = figures.find((f) => f.textContent!.includes('Job 10396'))!;
    expect(within(failed).getByRole('img')).toHaveAccessibleName(/^Timeline of job 10396: 2 VMs from /);
    expect(failed.querySelector('figcaption')).toHaveTextContent(
      'Job 10396 · SAP Production · Test Boot · not recovered (0 of 2 VMs)',
    );
    expect(failed).toHaveTextContent('target 30m 00s');
  });

  it('prints through the browser, or saves a PDF on the chosen paper in the desktop app', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const { user, app } = await report();
    await user.click(screen.getByRole('button', { name: 'Print / Save as PDF…' }));
    expect(print).toHaveBeenCalledOnce();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Paper' }), 'Letter portrait');
    expect(app.reportPaper).toBe('Letter');
    expect(paper()).toHaveClass('paper-letter');
  });

  it('saves the PDF through main in the desktop app and says where', async () => {
    const saving = deferred();
    const { user } = await report({ info: { mode: 'electron' }, answers: { 'export:pdf': saving.answer } });
    const button = screen.getByRole('button', { name: 'Save as PDF…' });
    await user.click(button);
    expect(await saving.request).toEqual({
      fileName: expect.stringMatching(/^DR test evidence report \d{4}-\d\d-\d\d$/),
      pageSize: 'A4',
    });
    expect(button).toBeDisabled();
    saving.reply(ok({ kind: 'saved', path: '/home/admin/DR test evidence report.pdf', bytes: 90_000 }));
    expect(await screen.findByRole('status')).toHaveTextContent('Saved to /home/admin/DR test evidence report.pdf');
    expect(button).toBeEnabled();
  });

  it('refuses to print out-of-date data as evidence, and says which data it shows', async () => {
    let n = 0;
    const commServe = simulatedCommServe({}, targets);
    const { app } = await report({
      commServe,
      answers: {
        'jobs:fetch': (request) =>
          ++n === 2
            ? { ok: false, error: { kind: 'timeout', message: 'No answer within 30 s.', details: {} } }
            : ok({ ...commServe.fetch(), requestId: (request as { requestId: string }).requestId, fetchId: 'f-1' }),
      },
    });
    await app.fetchJobs();
    expect(await screen.findByTestId('report-block')).toHaveTextContent(
      'Out of date: fetch again to export, save or print.',
    );
    expect(screen.getByRole('button', { name: 'Print / Save as PDF…' })).toBeDisabled();
    expect(screen.getByText(/The latest fetch failed/)).toHaveTextContent(
      `The latest fetch failed: this report shows the data of ${formatTime(NOW)}.`,
    );
    expect(facts()['Out of date']).toMatch(/failed \(No answer within 30 s\); this is the data from/);
  });

  it('reports a saved run as it was saved, from its own CommServe', async () => {
    const commServe = simulatedCommServe({}, targets);
    const { app } = await report({
      commServe,
      answers: {
        'runs:open': () =>
          ok({
            ...commServe.fetch(),
            savedScopeText: 'all DR groups · all time · 24 of 24 operations',
            summary: runSummary({
              name: 'Q3 DR test',
              connectionName: 'Old CommServe',
              webService: 'https://old.example.com/webconsole/api',
            }),
          }),
      },
    });
    await app.openRun('run-1');
    app.openEvidenceReport();
    await vi.waitFor(() =>
      expect(facts()).toMatchObject({
        CommServe: 'Old CommServe',
        Address: 'https://old.example.com/webconsole/api',
        Source: 'Saved run “Q3 DR test” (saved with: all DR groups · all time · 24 of 24 operations)',
      }),
    );
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Print / Save as PDF…' })).toBeEnabled());
  });

  it('goes back to where it was opened with Back or Escape, not while typing', async () => {
    const { user, app } = await report();
    await user.click(screen.getByRole('button', { name: '← Back' }));
    expect(app.screen).toBe('overview');
    app.showScreen('jobs');
    app.openEvidenceReport();
    const field = document.body.appendChild(document.createElement('input'));
    field.focus();
    await user.keyboard('{Escape}');
    expect(app.screen).toBe('report');
    field.remove();
    await user.keyboard('{Escape}');
    expect(app.screen).toBe('jobs');
  });

  it('says there is nothing to report without data', async () => {
    await report({ connections: [] });
    expect(screen.getByText('No data to report: fetch DR jobs or open a saved run first.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print / Save as PDF…' })).toBeDisabled();
  });
});

describe('ReportButton', () => {
  it('opens the report from where it is, and only when there is current data to report', async () => {
    const main = standIn({ commServe: simulatedCommServe({}, targets) });
    const app = new AppState();
    render(ReportButton, { context: appContext(app) });
    const button = screen.getByRole('button', { name: 'DR test report' });
    expect(button).toBeDisabled();
    expect((await app.start()).ok).toBe(true);
    expect(main.requests('jobs:fetch')).toHaveLength(1);
    await vi.waitFor(() => expect(button).toBeEnabled());
    app.showScreen('insights');
    await userEvent.click(button);
    expect(app.screen).toBe('report');
    app.closeEvidenceReport();
    expect(app.screen).toBe('insights');
    // Filters typed but not fetched: the data does not answer them, and is not reported as if it did.
    app.filter.jobId = '10396';
    await vi.waitFor(() => expect(button).toBeDisabled());
  });
});

describe('ReportTimeline', () => {
  const T0 = 1_790_000_000;
  const phase = (name: string, start: number, seconds: number | null, status: Phase['status']): Phase => ({
    code: name.length,
    name,
    status,
    rawStatus: null,
    start,
    end: seconds === null ? null : start + seconds,
    duration: seconds,
    machine: null,
    errorMessage: null,
    childJobId: null,
  });
  const vm = (name: string, phases: Phase[], status: Phase['status']) => ({
    jobId: 7,
    replicationId: name.length,
    drGroupId: 1,
    client: { id: name.length, name },
    phases,
    start: T0,
    end: status === 'running' ? null : Math.max(...phases.map((p) => p.end ?? 0)),
    status,
    failedPhases: phases.filter((p) => p.status === 'failed').length,
  });
  const operation: DrOperation = classify({
    jobId: 7,
    drGroupId: 1,
    operationType: 'test-boot',
    operationTypeSource: 'commserve',
    start: T0,
    end: null,
    duration: null,
    rto: null,
    status: 'running',
    failedPhases: 1,
    runningPhases: 1,
    vms: [
      vm('app-01', [phase('Replication', T0, 300, 'succeeded'), phase('Power On', T0 + 300, 60, 'failed')], 'failed'),
      vm('a-very-long-virtual-machine-name-01', [phase('Replication', T0, null, 'running')], 'running'),
    ],
  });

  it('draws a row per VM, failed phases hatched and running ones dotted up to the fetch, and the target', () => {
    render(ReportTimeline, { props: { operation, target: 600, asOf: T0 + 900, utc: true } });
    const svg = screen.getByRole('img');
    expect(svg).toHaveAccessibleName(`Timeline of job 7: 2 VMs from ${formatTime(T0, true)}`);
    // Start and end of the axis, the end being the fetch (the job still runs), with the time between.
    expect(svg).toHaveTextContent(formatTime(T0, true));
    expect(svg).toHaveTextContent(`${formatTime(T0 + 900, true)} (+15m 00s)`);
    // Long VM names are cut to fit their column.
    expect(svg).toHaveTextContent('a-very-long-virtual-mac…');
    const bars = [...svg.querySelectorAll('rect.bar')];
    expect(bars.map((b) => b.querySelector('title')!.textContent)).toEqual([
      'app-01 · Replication: 5m 00s (succeeded)',
      'app-01 · Power On: 1m 00s (failed)',
      'a-very-long-virtual-machine-name-01 · Replication: 15m 00s so far (running)',
    ]);
    expect(bars[0]).not.toHaveAttribute('fill');
    expect(bars[1]!.getAttribute('fill')).toMatch(/^url\(#.*-hatch\)$/);
    expect(bars[2]!.getAttribute('fill')).toMatch(/^url\(#.*-dots\)$/);
    // The running bar reaches the fetch: the right end of the drawing.
    expect(Number(bars[2]!.getAttribute('x')) + Number(bars[2]!.getAttribute('width'))).toBeCloseTo(696);
    expect(svg).toHaveTextContent('target 10m 00s');
  });

  it('keeps the target’s label inside the drawing at either end', () => {
    const { unmount } = render(ReportTimeline, { props: { operation, target: 30, asOf: T0 + 900, utc: true } });
    const early = [...screen.getByRole('img').querySelectorAll('text')].find((t) => t.textContent === 'target 30s')!;
    expect(early).toHaveAttribute('text-anchor', 'start');
    unmount();
    render(ReportTimeline, { props: { operation, target: 890, asOf: T0 + 900, utc: true } });
    const late = [...screen.getByRole('img').querySelectorAll('text')].find((t) => t.textContent === 'target 14m 50s')!;
    expect(late).toHaveAttribute('text-anchor', 'end');
  });
});
