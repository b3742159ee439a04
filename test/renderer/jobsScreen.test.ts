import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FetchJobsResult } from '../../electron/contract/jobs';
import type { JobStatsFilter } from '../../electron/contract/model';
import { EMPTY_SCOPE } from '../../electron/contract/scope';
import JobsScreen from '../../renderer/src/components/JobsScreen.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { formatClock, formatTime } from '../../renderer/src/lib/format';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { connectionView, NOW, runSummary, simulatedCommServe, type SimulatedCommServe } from './simulated';
import { deferred, ok, printMedium, queueDrained, standIn, startedApp } from './standIn';

/** The seeded data set these tests read: 24 operations of 3 DR groups, 1 running, 2 failed, 57 VM runs. */
const targets = { rtoTargetSeconds: 1800 };

/** A live fetch result as main answers `jobs:fetch`. */
const fetched = (commServe: SimulatedCommServe, filter: JobStatsFilter = {}, at = NOW, n = 1): FetchJobsResult => ({
  ...commServe.fetch(filter, at),
  requestId: `r-${n}`,
  fetchId: `fetch-${n}`,
});

async function jobsScreen(options: Parameters<typeof startedApp>[0] = {}) {
  const medium = printMedium();
  const commServe = options.commServe ?? simulatedCommServe({}, targets);
  const started = await startedApp({ ...options, commServe });
  render(JobsScreen, { context: appContext(started.app) });
  return { ...started, medium, user: userEvent.setup() };
}

const summary = () => screen.getByTestId('summary');
/** The table's summary line once it says `text` (a fetch's answer reaches the screen a few tasks after it is sent). */
const summarySays = (text: string) => vi.waitFor(() => expect(summary()).toHaveTextContent(text));
const dataRows = () =>
  within(screen.getByRole('treegrid', { name: 'DR operations' }))
    .getAllByRole('row')
    .filter((r) => r.getAttribute('aria-level') === '1');

describe('JobsScreen: what was fetched', () => {
  it('lists every operation fetched on start, with counts and the time of the fetch', async () => {
    const { requests } = await jobsScreen();
    expect(requests('jobs:fetch')).toEqual([{ connectionId: 'prod', filter: {}, requestId: expect.any(String) }]);
    expect(summary()).toHaveTextContent('24 of 24 operations in scope · 57 VM runs · 1 running · 2 failed');
    expect(summary()).toHaveTextContent('all time: applied after fetching (JobStats has no time filter)');
    expect(screen.getByTestId('last-fetched')).toHaveTextContent(`Last fetched ${formatClock(NOW)}`);
    // Newest first; the group by name, the type the CommServe named, the verdict in words.
    const rows = dataRows();
    expect(rows[0]).toHaveTextContent('10682Finance Tier 1Test Boot');
    expect(rows[0]).toHaveTextContent('◔ Running');
    const failed = rows.find((r) => r.getAttribute('data-job-id') === '10396')!;
    expect(failed).toHaveTextContent('SAP Production');
    expect(failed).toHaveTextContent('✕ not recovered');
    expect(failed).toHaveTextContent('✕ Failed');
  });

  it('opens a job’s detail from its row and comes back to the table with Escape', async () => {
    const { user } = await jobsScreen();
    await user.click(dataRows().find((r) => r.getAttribute('data-job-id') === '10187')!);
    expect(screen.getByRole('heading', { name: 'Job 10187' })).toHaveFocus();
    expect(screen.getByRole('table', { name: 'Phases of job 10187' })).toHaveTextContent(
      'Clone of [fina-sql-02] failed: the snapshot chain is broken',
    );
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('heading', { name: 'Job 10187' })).toBeNull();
    expect(screen.getByRole('treegrid')).toHaveFocus();
  });

  it('shows an operation’s VMs when it is expanded', async () => {
    const { user } = await jobsScreen();
    await user.click(screen.getByRole('button', { name: 'Expand job 10631' }));
    const vmRows = screen.getAllByRole('row').filter((r) => r.getAttribute('aria-level') === '2');
    expect(vmRows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('↳ exch-ctx-01'),
      expect.stringContaining('↳ exch-db-02'),
      expect.stringContaining('↳ exch-dc-03'),
    ]);
    await user.click(screen.getByRole('button', { name: 'Collapse job 10631' }));
    expect(screen.getAllByRole('row').filter((r) => r.getAttribute('aria-level') === '2')).toEqual([]);
  });

  it('hides and shows optional columns from the column chooser, and keeps the choice', async () => {
    const { user, app, requests } = await jobsScreen();
    const grid = screen.getByRole('treegrid');
    expect(within(grid).getByRole('columnheader', { name: /Type/ })).toBeInTheDocument();
    await user.click(screen.getByText('Columns: 5 chosen'));
    await user.click(screen.getByRole('checkbox', { name: 'Operation type' }));
    expect(within(grid).queryByRole('columnheader', { name: /Type/ })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'RTO target' }));
    expect(within(grid).getByRole('columnheader', { name: 'RTO target' })).toBeInTheDocument();
    expect(app.columns).toEqual(['vms', 'start', 'duration', 'target', 'failedPhases']);
    // Clearing the chooser hides the optional columns, and says so (not "Any columns").
    expect(screen.queryByRole('button', { name: /^Any columns$/i })).toBeNull();
    expect(screen.getByRole('button', { name: 'Only the fixed columns' })).toBeInTheDocument();
    // Escape closes the list and gives focus back to its button.
    await user.keyboard('{Escape}');
    expect(screen.getByText('Columns: 5 chosen').closest('details')).not.toHaveAttribute('open');
    // Kept in main's settings shortly after (ui:set), never lost.
    window.dispatchEvent(new Event('pagehide'));
    expect(requests('ui:set').at(-1)).toMatchObject({
      columns: ['vms', 'start', 'duration', 'target', 'failedPhases'],
    });
  });

  it('says the CommServe returned nothing, unlike a scope that hides everything', async () => {
    const empty = simulatedCommServe({ jobs: 0, running: 0 });
    await jobsScreen({ commServe: empty });
    expect(screen.getByText('The CommServe returned no DR operations for these fetch filters.')).toBeInTheDocument();
  });
});

describe('JobsScreen: fetch filters', () => {
  it('fetches a DR group’s replication pair and client, chosen by name', async () => {
    const { user, requests } = await jobsScreen();
    await user.selectOptions(screen.getByLabelText('DR group'), 'Exchange DR (Live Sync)');
    expect(requests('groups:get')).toEqual([{ connectionId: 'prod', groupId: 32 }]);
    const pair = await screen.findByRole('combobox', { name: 'Replication pair' });
    expect(
      within(pair)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'All pairs',
      'exch-ctx-01 → exch-ctx-01_DR (#5)',
      'exch-db-02 → exch-db-02_DR (#6)',
      'exch-dc-03 → exch-dc-03_DR (#7)',
    ]);
    await user.selectOptions(pair, 'exch-db-02 → exch-db-02_DR (#6)');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Client' }), 'exch-db-02');
    expect(screen.getByTestId('filters-changed')).toHaveTextContent('Filters changed.');
    await user.click(screen.getByRole('button', { name: 'Fetch' }));
    expect(requests('jobs:fetch').at(-1)).toMatchObject({ filter: { drGroupId: 32, replicationId: 6, clientId: 105 } });
    // The CommServe's answer to that filter: Exchange DR's 9 operations, one VM run each.
    await summarySays('9 of 9 operations in scope · 9 VM runs');
    expect(screen.queryByTestId('filters-changed')).toBeNull();
  });

  it('marks a filter field that is not an id, asks nothing, and clears the mark once corrected', async () => {
    const { user, requests } = await jobsScreen();
    const jobId = screen.getByRole('textbox', { name: 'Job ID' });
    await user.type(jobId, '10396x');
    await user.click(screen.getByRole('button', { name: 'Fetch' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/^✕ Job ID /);
    expect(jobId).toHaveAttribute('aria-invalid', 'true');
    expect(jobId).toHaveAccessibleDescription(alert.textContent!);
    expect(requests('jobs:fetch')).toHaveLength(1);
    // The table stays, marked as not answering the filters any more, and cannot be exported as if it did.
    expect(screen.getByTestId('filters-changed')).toBeInTheDocument();
    expect(screen.getByTestId('export-block')).toHaveTextContent(
      'Filters changed: press Fetch to export, save or print.',
    );
    expect(screen.getByRole('button', { name: 'Save run…' })).toBeDisabled();
    await user.type(jobId, '{Backspace}');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(jobId).toHaveAttribute('aria-invalid', 'false');
    await user.keyboard('{Enter}');
    expect(requests('jobs:fetch').at(-1)).toMatchObject({ filter: { jobId: 10396 } });
    await summarySays('1 of 1 operation in scope');
    expect(screen.queryByTestId('export-block')).toBeNull();
  });

  it('takes pair and client ids as typed where the CommServe cannot list a group’s pairs', async () => {
    const { user, requests } = await jobsScreen({
      answers: {
        'groups:get': () => ({
          ok: false,
          error: { kind: 'not-found', message: 'DR group 31 was not found on this CommServe.', details: {} },
        }),
      },
    });
    await user.selectOptions(screen.getByLabelText('DR group'), 'SAP Production (Test Failover)');
    // The failure is said; the id fields stay usable.
    expect(await screen.findByRole('alert')).toHaveTextContent('DR group 31 was not found on this CommServe.');
    await user.type(screen.getByRole('textbox', { name: 'Replication pair' }), '3');
    await user.type(screen.getByRole('textbox', { name: 'Client' }), '102');
    await user.click(screen.getByRole('button', { name: 'Fetch' }));
    expect(requests('jobs:fetch').at(-1)).toMatchObject({ filter: { drGroupId: 31, replicationId: 3, clientId: 102 } });
  });
});

describe('JobsScreen: a fetch in progress', () => {
  it('shows the first jobs as they arrive and the bytes so far, and Cancel goes back at once', async () => {
    const commServe = simulatedCommServe({ vms: 6 }, targets);
    const later = deferred();
    let n = 0;
    const { user, emit, requests } = await jobsScreen({
      commServe,
      answers: { 'jobs:fetch': (request) => (++n === 1 ? ok(fetched(commServe, {}, NOW, n)) : later.answer(request)) },
    });
    const before = summary().textContent;
    await user.click(screen.getByRole('button', { name: 'Fetch' }));
    const { requestId } = (await later.request) as { requestId: string };
    emit('jobs:progress', { requestId, receivedBytes: 3 * 1024 * 1024, totalBytes: null });
    expect(await screen.findByText(/Fetching… 3\.0 MB · \d+ s/)).toBeInTheDocument();
    // Another fetch's events are not this one's.
    emit('jobs:progress', { requestId: 'someone-else', receivedBytes: 9, totalBytes: null });
    expect(screen.getByText(/Fetching… 3\.0 MB/)).toBeInTheDocument();

    const preview = commServe.preview();
    emit('jobs:preview', { requestId, ...preview });
    const table = await screen.findByTestId('fetch-preview');
    expect(table).toHaveTextContent(`(${preview.vmRunsSoFar} VM runs so far)`);
    const first = within(table).getAllByRole('row')[1]!;
    const op = preview.operations[0]!;
    expect(first).toHaveTextContent(`${op.jobId}`);
    expect(first).toHaveTextContent(formatTime(op.start));
    expect(first).toHaveTextContent(
      `${op.vmNames.length}: ${op.vmNames.slice(0, 3).join(', ')} +${op.vmNames.length - 3} more`,
    );
    expect(table).toHaveTextContent('Finance Tier 1');
    // The table underneath is out of reach while the preview covers it.
    expect(screen.getByRole('treegrid', { hidden: true }).closest('.result')).toHaveAttribute('aria-hidden', 'true');

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(requests('jobs:cancel')).toEqual([{ requestId }]);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Cancelled The fetch was cancelled; the jobs shown are from before it.',
    );
    expect(screen.queryByTestId('fetch-preview')).toBeNull();
    // The answer that arrives after all is not shown.
    later.reply(ok(fetched(commServe, { jobId: 10396 }, NOW + 60, 2)));
    await queueDrained();
    expect(summary().textContent).toBe(before);
  });

  it('says it is fetching before anything arrived, with nothing fetched yet', async () => {
    printMedium();
    const first = deferred();
    const main = standIn({ commServe: simulatedCommServe({}, targets), answers: { 'jobs:fetch': first.answer } });
    const app = new AppState();
    // Mounted while start-up still fetches, as App.svelte shows the screens.
    render(JobsScreen, { context: appContext(app) });
    const started = app.start();
    await first.request;
    expect(await screen.findByText('Fetching DR job statistics…')).toBeInTheDocument();
    first.reply(ok(fetched(main.commServe)));
    expect((await started).ok).toBe(true);
    await summarySays('24 of 24 operations in scope');
  });
});

describe('JobsScreen: when a fetch fails', () => {
  it('keeps the data, marks it out of date, blocks exporting it, and Retry fetches again', async () => {
    let n = 0;
    const commServe = simulatedCommServe({}, targets);
    const { user, requests } = await jobsScreen({
      commServe,
      answers: {
        'jobs:fetch': (request) =>
          ++n === 2
            ? {
                ok: false,
                error: { kind: 'timeout', message: 'The CommServe did not answer within 30 s.', details: {} },
              }
            : ok({
                ...commServe.fetch(),
                requestId: (request as { requestId: string }).requestId,
                fetchId: `fetch-${n}`,
              }),
      },
    });
    await user.click(screen.getByRole('button', { name: 'Fetch' }));
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent('No answer in time The CommServe did not answer within 30 s.');
    expect(screen.getByTestId('stale-note')).toHaveTextContent(
      new RegExp(
        `⚠ Out of date: the fetch at \\d\\d:\\d\\d:\\d\\d failed \\(The CommServe did not answer within 30 s\\); this is the data from ${formatClock(NOW)}\\. It cannot be exported, saved or printed as a current result\\.`,
      ),
    );
    expect(summary()).toHaveTextContent('24 of 24 operations in scope');
    for (const name of ['Save run…', 'Export CSV…', 'Print list', 'DR test report'])
      expect(screen.getByRole('button', { name })).toBeDisabled();
    expect(screen.getByTestId('export-block')).toHaveTextContent('Out of date: fetch again to export, save or print.');
    await user.click(within(banner).getByRole('button', { name: 'Retry' }));
    expect(requests('jobs:fetch')).toHaveLength(3);
    await vi.waitFor(() => expect(screen.queryByTestId('stale-note')).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save run…' })).toBeEnabled();
  });

  it('shows the error alone when nothing was fetched yet, and Dismiss clears it', async () => {
    const { user } = await jobsScreen({
      answers: {
        'jobs:fetch': () => ({
          ok: false,
          error: { kind: 'session-expired', message: 'The session expired: sign in again.', details: {} },
        }),
      },
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Session expired The session expired: sign in again.');
    expect(screen.queryByRole('treegrid')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Choose filters and press Fetch.')).toBeInTheDocument();
  });
});

describe('JobsScreen: auto-refresh', () => {
  it('asks main to refresh while a job runs, shows each refresh, and stops when switched off', async () => {
    const { user, emit, requests, commServe } = await jobsScreen();
    const [watch] = requests('jobs:watch') as { watchId: string }[];
    expect(watch).toEqual({ connectionId: 'prod', filter: {}, watchId: expect.stringMatching(/^auto-/) });
    emit('jobs:refreshed', { watchId: watch!.watchId, result: fetched(commServe, {}, NOW + 60, 9), error: null });
    expect(await screen.findByText(`Last fetched ${formatClock(NOW + 60)}`)).toBeInTheDocument();
    // A refresh of a watch that is not this screen's is not shown.
    emit('jobs:refreshed', { watchId: 'auto-old', result: fetched(commServe, {}, NOW + 90, 10), error: null });
    expect(screen.getByTestId('last-fetched')).toHaveTextContent(formatClock(NOW + 60));
    await user.click(screen.getByRole('checkbox', { name: 'Auto-refresh while running' }));
    expect(requests('jobs:unwatch')).toEqual([{ watchId: watch!.watchId }]);
  });

  it('marks the data out of date when a refresh fails', async () => {
    const { emit, requests } = await jobsScreen();
    const [watch] = requests('jobs:watch') as { watchId: string }[];
    emit('jobs:refreshed', {
      watchId: watch!.watchId,
      result: null,
      error: { kind: 'network', message: 'The CommServe could not be reached.', details: {} },
    });
    expect(await screen.findByTestId('stale-note')).toHaveTextContent('failed (The CommServe could not be reached)');
    expect(screen.getByRole('alert')).toHaveTextContent('Network problem');
  });
});

describe('JobsScreen: the scope', () => {
  it('narrows the table by status, type, group, VM and text, says so, and clears', async () => {
    const { user, app } = await jobsScreen();
    const scope = screen.getByRole('form', { name: 'Scope' });
    await user.click(within(scope).getByLabelText('Status: any'));
    await user.click(within(scope).getByRole('checkbox', { name: 'Failed' }));
    expect(summary()).toHaveTextContent('2 of 24 operations in scope · 4 VM runs · 0 running · 2 failed');
    expect(dataRows().map((r) => r.getAttribute('data-job-id'))).toEqual(['10396', '10187']);
    expect(within(scope).getByLabelText('Status: Failed')).toHaveTextContent('Failed');

    await user.click(screen.getByRole('button', { name: 'Clear scope' }));
    expect(summary()).toHaveTextContent('24 of 24 operations in scope');
    expect(app.scope).toEqual(EMPTY_SCOPE);

    await user.click(within(scope).getByRole('checkbox', { name: 'Failback' }));
    await user.click(within(scope).getByRole('checkbox', { name: 'Undo Failover' }));
    expect(within(scope).getByLabelText('Type: 2 chosen')).toBeInTheDocument();
    expect(summary()).toHaveTextContent('6 of 24 operations in scope');
    await user.click(within(scope).getByRole('button', { name: 'Any type' }));
    expect(summary()).toHaveTextContent('24 of 24 operations in scope');

    // Groups by name, sorted.
    const groups = within(scope).getByRole('group', { name: 'Groups' });
    expect(
      within(groups)
        .getAllByRole('checkbox')
        .map((c) => c.parentElement!.textContent!.trim()),
    ).toEqual(['Exchange DR', 'Finance Tier 1', 'SAP Production']);
    await user.click(within(groups).getByRole('checkbox', { name: 'SAP Production' }));
    expect(summary()).toHaveTextContent('6 of 24 operations in scope');
    await user.click(screen.getByRole('button', { name: 'Clear scope' }));

    await user.type(within(scope).getByRole('searchbox', { name: 'VM' }), 'exch-dc');
    expect(summary()).toHaveTextContent('9 of 24 operations in scope · 27 VM runs');
    await user.clear(within(scope).getByRole('searchbox', { name: 'VM' }));
    await user.type(within(scope).getByRole('searchbox', { name: 'Find in results' }), 'snapshot chain');
    expect(dataRows().map((r) => r.getAttribute('data-job-id'))).toEqual(['10187']);
  });

  it('narrows the table by RTO result, and says so in the scope’s words', async () => {
    // The seeded data judged with a 30-minute target: 9 recoveries over it, 2 not recovered, no live breach.
    const { user, app } = await jobsScreen();
    const scope = screen.getByRole('form', { name: 'Scope' });
    const pick = within(scope).getByRole('group', { name: 'RTO result' });
    expect(
      within(pick)
        .getAllByRole('checkbox')
        .map((c) => c.parentElement!.textContent!.trim()),
    ).toEqual(['Within target', 'Over target', 'Not recovered', 'Live breach', 'Unconfirmed']);
    await user.click(within(scope).getByLabelText('RTO result: any'));
    await user.click(within(pick).getByRole('checkbox', { name: 'Not recovered' }));
    expect(dataRows().map((r) => r.getAttribute('data-job-id'))).toEqual(['10396', '10187']);
    await user.click(within(pick).getByRole('checkbox', { name: 'Over target' }));
    expect(app.scope.rtoResults).toEqual(['not-recovered', 'over']);
    expect(within(scope).getByLabelText('RTO result: 2 chosen')).toBeInTheDocument();
    expect(dataRows().every((r) => /over by|not recovered/.test(r.textContent!))).toBe(true);
    expect(app.scopeText).toMatch(/^all DR groups · all time · RTO over target, not recovered · \d+ of 24 operations$/);
    await user.click(screen.getByRole('button', { name: 'Clear scope' }));
    expect(app.scope.rtoResults).toEqual([]);
  });

  it('says when the scope hides everything fetched', async () => {
    const { user } = await jobsScreen();
    await user.type(screen.getByRole('searchbox', { name: 'Find in results' }), 'no such thing');
    expect(screen.getByText('No DR operations in scope: change or clear the scope.')).toBeInTheDocument();
  });

  it('applies a time range after fetching, and custom dates from the start of the first day', async () => {
    const { user, app, commServe } = await jobsScreen();
    const range = screen.getByRole('combobox', { name: 'Time range' });
    await user.selectOptions(range, 'Last 7 days');
    const week = commServe.fetch().operations.filter((op) => op.start! >= NOW - 7 * 86_400).length;
    expect(summary()).toHaveTextContent(`${week} of 24 operations in scope`);
    expect(summary()).toHaveTextContent('last 7 days: applied after fetching');
    await user.selectOptions(range, 'Custom…');
    const from = screen.getByLabelText('From');
    await user.type(from, '2026-09-01');
    const start = new Date(2026, 8, 1).getTime() / 1000;
    expect(app.scope.from).toBe(start);
    await user.type(screen.getByLabelText('To'), '2026-09-10');
    expect(app.scope.to).toBe(new Date(2026, 8, 10, 23, 59, 59).getTime() / 1000);
    const inRange = commServe
      .fetch()
      .operations.filter((op) => op.start! >= start && op.start! <= app.scope.to!).length;
    expect(summary()).toHaveTextContent(`${inRange} of 24 operations in scope`);
    expect(from).toHaveValue('2026-09-01');
  });
});

describe('JobsScreen: custom dates in the zone shown', () => {
  // A machine east of UTC (+02:00 in September), showing UTC: a day picked is that day in UTC, as the screen's
  // times, the scope's words and every export read it.
  const zone = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = 'Europe/Berlin';
  });
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('takes a day picked while times show in UTC as that UTC day', async () => {
    const { user, app } = await jobsScreen();
    app.utc = true;
    await user.selectOptions(screen.getByRole('combobox', { name: 'Time range' }), 'Custom…');
    await user.type(screen.getByLabelText('From'), '2026-09-01');
    await user.type(screen.getByLabelText('To'), '2026-09-10');
    // The scope's words, as every export, saved run and report states them.
    expect(app.scopeText).toMatch(/ · 2026-09-01 to 2026-09-10 · /);
    expect(app.scope.from).toBe(Date.UTC(2026, 8, 1) / 1000);
    expect(app.scope.to).toBe(Date.UTC(2026, 8, 10, 23, 59, 59) / 1000);
    expect(screen.getByLabelText('From')).toHaveValue('2026-09-01');
  });
});

describe('JobsScreen: saving, exporting and printing', () => {
  it('saves the operations in scope as a run, named after the connection, the fetch time and the scope', async () => {
    const { user, requests } = await jobsScreen({
      answers: { 'runs:save': (request) => ok(runSummary({ name: (request as { name: string }).name })) },
    });
    await user.click(screen.getByRole('checkbox', { name: 'Failed' }));
    await user.click(screen.getByRole('button', { name: 'Save run…' }));
    const form = screen.getByRole('form', { name: 'Save run' });
    const name = `Prod CommServe ${formatTime(NOW).slice(0, 16)} - all DR groups, all time, failed, 2 of 24`;
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue(name);
    expect(screen.getByTestId('save-scope')).toHaveTextContent(
      'Saves the operations in scope: all DR groups · all time · failed · 2 of 24 operations',
    );
    await user.type(within(form).getByRole('textbox', { name: /Note/ }), 'Q3 test, approved by J. Doe');
    await user.click(within(form).getByRole('button', { name: 'Save run' }));
    expect(requests('runs:save')).toEqual([
      {
        fetchId: 'fetch-1',
        name,
        note: 'Q3 test, approved by J. Doe',
        scope: { ...EMPTY_SCOPE, statuses: ['failed'] },
      },
    ]);
    expect(await screen.findByText(`Saved as “${name}”. Find it under Runs.`)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Save run' })).toBeNull();
  });

  it('says why a run could not be saved, and Cancel closes the form', async () => {
    const { user } = await jobsScreen({
      answers: {
        'runs:save': () => ({ ok: false, error: { kind: 'storage', message: 'The disk is full.', details: {} } }),
      },
    });
    await user.click(screen.getByRole('button', { name: 'Save run…' }));
    await user.click(screen.getByRole('button', { name: 'Save run' }));
    expect(await screen.findByText('The disk is full.')).toHaveAttribute('role', 'status');
    // The form stays, to try again.
    expect(screen.getByRole('form', { name: 'Save run' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Save run' })).toBeNull();
  });

  it('exports the chosen report of everything fetched, and hands the browser its download', async () => {
    const download = vi.fn(() => Promise.resolve());
    const exporting = deferred();
    const { user, requests, emit } = await jobsScreen({ download, answers: { 'export:csv': exporting.answer } });
    await user.click(screen.getByRole('checkbox', { name: 'Failed' }));
    await user.click(screen.getByRole('button', { name: 'Export CSV…' }));
    const panel = screen.getByRole('form', { name: 'Export CSV' });
    expect(within(panel).getByTestId('export-scope')).toHaveTextContent(
      '(all DR groups · all time · failed · 2 of 24 operations)',
    );
    expect(panel).toHaveTextContent('In scope: 2 operations');
    await user.click(within(panel).getByRole('radio', { name: 'Everything fetched: 24 operations' }));
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Report' }), 'operations');
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Delimiter' }), 'Semicolon ;');
    await user.click(within(panel).getByRole('checkbox', { name: 'UTF-8 BOM (for Excel)' }));
    await user.click(within(panel).getByRole('checkbox', { name: 'Times in UTC' }));
    await user.click(within(panel).getByRole('button', { name: 'Export CSV' }));
    expect(await exporting.request).toEqual({
      source: { kind: 'live', fetchId: 'fetch-1' },
      report: 'operations',
      options: { delimiter: ';', bom: false, utc: true },
    });
    emit('export:progress', { rows: 1200, total: 2400 });
    expect(await within(panel).findByRole('button', { name: 'Exporting… 1200 rows' })).toBeDisabled();
    exporting.reply(ok({ kind: 'download', token: 't-1', fileName: 'DR operations.csv', bytes: 812 }));
    expect(await within(panel).findByRole('status')).toHaveTextContent('Downloaded DR operations.csv');
    expect(download).toHaveBeenCalledWith('t-1', 'DR operations.csv');
    expect(requests('export:csv')).toHaveLength(1);
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('form', { name: 'Export CSV' })).toBeNull();
  });

  it('prints the whole scope, not only the rows on screen, with its failures', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const { user, medium } = await jobsScreen();
    expect(document.querySelector('.print-only')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Print list' }));
    expect(print).toHaveBeenCalledOnce();
    window.dispatchEvent(new Event('beforeprint'));
    const report = document.querySelector<HTMLElement>('article.print-only')!;
    expect(within(report).getByRole('heading', { level: 1, hidden: true })).toHaveTextContent(
      'DR Job Stats report: Prod CommServe — live data',
    );
    expect(within(report).getByTestId('print-scope')).toHaveTextContent(
      'Scope: all DR groups · all time · 24 of 24 operations',
    );
    expect(report).toHaveTextContent('24 operations · 57 VM runs · 2 failed');
    const [operations, failures] = within(report).getAllByRole('table', { hidden: true });
    expect(within(operations!).getAllByRole('row', { hidden: true })).toHaveLength(25);
    expect(within(failures!).getAllByRole('row', { hidden: true })).toHaveLength(5);
    expect(failures).toHaveTextContent('Timed out waiting for an IP address on [sapp-db-02] after 600 seconds.');
    window.dispatchEvent(new Event('afterprint'));
    expect(document.querySelector('article.print-only')).toBeNull();
    medium.printing(true);
    expect(document.querySelector('article.print-only')).not.toBeNull();
  });

  it('prints the list in the order the table shows it, with no target for operations that have no RTO', async () => {
    const { app, medium } = await jobsScreen();
    app.sort = { key: 'rto', descending: true };
    medium.printing(true);
    const report = document.querySelector<HTMLElement>('article.print-only')!;
    const [operations] = within(report).getAllByRole('table', { hidden: true });
    const printed = (within(operations!).getAllByRole('row', { hidden: true }) as HTMLTableRowElement[]).slice(1);
    const shown = dataRows().map((r) => r.getAttribute('data-job-id'));
    expect(printed.map((r) => r.cells[0]!.textContent)).toEqual(shown);
    // An undo has a duration, not an RTO: no target beside it.
    const undo = printed.find((r) => r.cells[2]!.textContent === 'Undo Failover')!;
    expect(undo.cells[8]).toHaveTextContent(/^—$/);
  });
});

describe('JobsScreen: without live data', () => {
  it('sends a user without a connection to the Connections screen', async () => {
    const { user, app } = await jobsScreen({ connections: [] });
    expect(screen.getByRole('heading', { name: 'No connection' })).toBeInTheDocument();
    app.showScreen('jobs');
    await user.click(screen.getByRole('button', { name: 'Go to connections' }));
    expect(app.screen).toBe('connections');
  });

  it('asks a signed-out user to sign in, and fetches nothing', async () => {
    const { user, app, requests } = await jobsScreen({
      connections: [connectionView({ session: { signedIn: false, userName: null } })],
    });
    expect(screen.getByRole('heading', { name: 'Signed out of Prod CommServe' })).toBeInTheDocument();
    expect(requests('jobs:fetch')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Sign in…' }));
    expect(app.screen).toBe('connections');
  });

  it('shows a saved run offline, marked as such, and goes back to live data', async () => {
    const commServe = simulatedCommServe({}, targets);
    const saved = commServe.fetch();
    const failedOnly = { ...EMPTY_SCOPE, statuses: ['failed' as const] };
    const { user, app, requests } = await jobsScreen({
      commServe,
      answers: {
        'runs:open': () =>
          ok({
            ...saved,
            operations: saved.operations.filter((op) => op.status === 'failed'),
            savedScope: failedOnly,
            savedScopeText: 'all DR groups · all time · failed · 2 of 24 operations',
            summary: runSummary({ name: 'Failures of Q3' }),
          }),
      },
    });
    expect((await app.openRun('run-1')).ok).toBe(true);
    expect(await screen.findByTestId('saved-run-banner')).toHaveTextContent(
      `Saved run “Failures of Q3” from ${formatTime(NOW - 3600)} · Prod CommServe · offline`,
    );
    expect(summary()).toHaveTextContent('2 of 2 operations in scope');
    // No fetch form for a saved run: it is not the CommServe's current answer.
    expect(screen.queryByRole('form', { name: 'Fetch filters' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Export CSV…' })).toBeEnabled();
    const fetches = requests('jobs:fetch').length;
    await user.click(screen.getByRole('button', { name: 'Back to live data' }));
    expect(requests('jobs:fetch')).toHaveLength(fetches + 1);
    await summarySays('24 of 24 operations in scope');
    expect(app.scope).toEqual(EMPTY_SCOPE);
  });
});

describe('JobsScreen: the timing marks `npm run bench` reads', () => {
  it('a fetch marks its data arriving, the table applied by Svelte, then the table on screen, in that order', async () => {
    performance.clearMarks();
    await jobsScreen();
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime;
    await vi.waitFor(() => expect(at('drjs:table-painted')).toBeDefined());
    const [arrived, rendered, painted] = ['drjs:data-arrived', 'drjs:table-rendered', 'drjs:table-painted'].map(at);
    expect(arrived).toBeLessThanOrEqual(rendered!);
    expect(rendered).toBeLessThanOrEqual(painted!);
    // The marks belong to this fetch: its rows are on the table.
    expect(dataRows()).toHaveLength(24);
  });
});
