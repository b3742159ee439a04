import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../electron/contract/run';
import RunsScreen from '../../renderer/src/components/RunsScreen.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { formatTime } from '../../renderer/src/lib/format';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { NOW, runSummary, simulatedCommServe } from './simulated';
import { ok, standIn } from './standIn';

const q3 = runSummary({
  id: 'q3',
  name: 'Q3 DR test',
  note: 'Approved by the CAB',
  fetchedAt: NOW - 90 * 86_400,
  savedAt: NOW - 89 * 86_400,
  operationCount: 51,
  failedOperations: 2,
  bytes: 2 * 1024 * 1024,
  scopeText: 'Finance Tier 1 · last 30 days · 51 of 300 operations',
});
const q4 = runSummary({
  id: 'q4',
  name: 'Q4 DR test',
  fetchedAt: NOW - 3600,
  savedAt: NOW - 1800,
  operationCount: 12,
  failedOperations: 0,
  bytes: 900,
  connectionName: 'Lab CommServe',
  scopeText: '',
});
const damaged = runSummary({
  id: 'bad',
  name: 'Edited by hand',
  status: 'damaged',
  problem: 'its data does not match its SHA-256',
  savedAt: NOW - 7200,
});

/** The Runs screen with main's library holding `runs` (changed by the answers given). */
async function runsScreen(runs: RunSummary[], options: Parameters<typeof standIn>[0] = {}) {
  const library = { runs };
  const main = standIn({
    ...options,
    answers: { 'runs:list': () => ok(library.runs), ...options.answers },
  });
  const app = new AppState();
  expect((await app.start()).ok).toBe(true);
  render(RunsScreen, { context: appContext(app) });
  // The list arrives from main after the screen is shown.
  if (runs.length) await screen.findByText(runs[0]!.name);
  return { ...main, app, library, user: userEvent.setup() };
}

const row = (name: string) => screen.getByRole('row', { name: new RegExp(name) });
const names = () =>
  within(screen.getByRole('table', { name: 'Saved runs' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.querySelector('strong')!.textContent);

describe('RunsScreen', () => {
  it('lists the saved runs, newest saved first, each with its scope, counts and size', async () => {
    await runsScreen([q3, q4, damaged]);
    expect(names()).toEqual(['Q4 DR test', 'Edited by hand', 'Q3 DR test']);
    const cells = within(row('Q3 DR test'))
      .getAllByRole('cell')
      .map((c) => c.textContent!.replace(/\s+/g, ' ').trim());
    expect(cells.slice(1, 8)).toEqual([
      'Q3 DR test Approved by the CAB',
      'Prod CommServe',
      'Finance Tier 1 · last 30 days · 51 of 300 operations',
      formatTime(NOW - 90 * 86_400),
      '51',
      '2',
      '2.0 MB',
    ]);
    // A run saved before runs stated a scope holds everything fetched.
    expect(row('Q4 DR test')).toHaveTextContent('everything fetched');
    expect(row('Q4 DR test')).toHaveTextContent('900 B');
    const bad = row('Edited by hand');
    expect(within(bad).getByRole('note')).toHaveTextContent('⚠ Damaged: its data does not match its SHA-256');
    for (const name of ['Open', 'Rename / note', 'Export file'])
      expect(within(bad).getByRole('button', { name })).toBeDisabled();
    expect(within(bad).getByRole('checkbox')).toBeDisabled();
  });

  it('finds runs by name, note or connection, and sorts them', async () => {
    const { user } = await runsScreen([q3, q4, damaged]);
    const search = screen.getByRole('searchbox', { name: 'Search' });
    await user.type(search, 'cab');
    expect(names()).toEqual(['Q3 DR test']);
    await user.clear(search);
    await user.type(search, 'lab commserve');
    expect(names()).toEqual(['Q4 DR test']);
    await user.clear(search);
    const sort = screen.getByRole('combobox', { name: 'Sort by' });
    await user.selectOptions(sort, 'Name');
    expect(names()).toEqual(['Edited by hand', 'Q3 DR test', 'Q4 DR test']);
    await user.selectOptions(sort, 'Operations');
    expect(names()).toEqual(['Q3 DR test', 'Q4 DR test', 'Edited by hand']);
    await user.selectOptions(sort, 'Fetched (newest first)');
    expect(names()[0]).toBe('Q4 DR test');
  });

  it('invites the user to save a first run', async () => {
    await runsScreen([]);
    expect(await screen.findByText(/Fetch jobs, then use “Save run…” on the Jobs screen/)).toBeInTheDocument();
  });

  it('says why the list could not be read, until dismissed', async () => {
    await runsScreen([], {
      answers: {
        'runs:list': () => ({
          ok: false,
          error: { kind: 'storage', message: 'The runs folder cannot be read: permission denied.', details: {} },
        }),
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The runs folder cannot be read: permission denied.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('opens a run offline in the Jobs screen', async () => {
    const saved = simulatedCommServe().fetch();
    const { user, app, requests } = await runsScreen([q3], {
      answers: { 'runs:open': () => ok({ ...saved, summary: q3 }) },
    });
    await user.click(within(row('Q3 DR test')).getByRole('button', { name: 'Open' }));
    expect(requests('runs:open')).toEqual([{ runId: 'q3' }]);
    await vi.waitFor(() => expect(app.screen).toBe('jobs'));
    expect(app.offline).toBe(true);
    expect(app.savedRun?.name).toBe('Q3 DR test');
  });

  it('renames a run and changes its note', async () => {
    const { user, requests, library } = await runsScreen([q3], {
      answers: {
        'runs:update': (request) => {
          const { name, note } = request as { name: string; note: string };
          library.runs = [{ ...q3, name, note }];
          return ok(library.runs[0]);
        },
      },
    });
    await user.click(within(row('Q3 DR test')).getByRole('button', { name: 'Rename / note' }));
    const name = screen.getByRole('textbox', { name: 'Run name' });
    expect(name).toHaveValue('Q3 DR test');
    await user.clear(name);
    await user.type(name, 'Q3 DR test (final)');
    await user.type(screen.getByRole('textbox', { name: 'Run note' }), '; signed off 2026-07-01');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(requests('runs:update')).toEqual([
      { runId: 'q3', name: 'Q3 DR test (final)', note: 'Approved by the CAB; signed off 2026-07-01' },
    ]);
    expect(await screen.findByText('Q3 DR test (final)')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Run name' })).toBeNull();
    await user.click(within(row('Q3 DR test')).getByRole('button', { name: 'Rename / note' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('textbox', { name: 'Run name' })).toBeNull();
  });

  it('exports a run’s file and says where it went', async () => {
    const { user, requests } = await runsScreen([q3], {
      answers: {
        'runs:exportFile': () => ok({ kind: 'saved', path: '/home/admin/Q3 DR test.drrun.json', bytes: 2048 }),
      },
    });
    await user.click(within(row('Q3 DR test')).getByRole('button', { name: 'Export file' }));
    expect(requests('runs:exportFile')).toEqual([{ runId: 'q3' }]);
    expect(await screen.findByRole('status')).toHaveTextContent('Saved to /home/admin/Q3 DR test.drrun.json');
  });

  it('deletes a run only once confirmed', async () => {
    const { user, requests, library } = await runsScreen([q3, q4], {
      answers: {
        'runs:delete': (request) => {
          library.runs = library.runs.filter((r) => r.id !== (request as { runId: string }).runId);
          return ok({});
        },
      },
    });
    await user.click(within(row('Q4 DR test')).getByRole('button', { name: 'Delete…' }));
    await user.click(within(row('Q4 DR test')).getByRole('button', { name: 'Keep' }));
    expect(requests('runs:delete')).toEqual([]);
    await user.click(within(row('Q4 DR test')).getByRole('button', { name: 'Delete…' }));
    await user.click(within(row('Q4 DR test')).getByRole('button', { name: 'Delete for good' }));
    expect(requests('runs:delete')).toEqual([{ runId: 'q4', beforeRetention: false }]);
    await vi.waitFor(() => expect(names()).toEqual(['Q3 DR test']));
  });

  it('compares two runs picked, the earlier fetch on the left, and no more than two', async () => {
    const q2 = runSummary({ id: 'q2', name: 'Q2 DR test', fetchedAt: NOW - 180 * 86_400, savedAt: NOW - 179 * 86_400 });
    const { user, app } = await runsScreen([q2, q3, q4]);
    const compare = screen.getByRole('button', { name: 'Compare selected (0/2)' });
    expect(compare).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Select Q4 DR test for comparison' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Q3 DR test for comparison' }));
    expect(screen.getByRole('checkbox', { name: 'Select Q2 DR test for comparison' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Compare selected (2/2)' }));
    expect(app.screen).toBe('compare');
    expect(app.compare).toEqual({
      mode: 'runs',
      left: { kind: 'saved', runId: 'q3' },
      right: { kind: 'saved', runId: 'q4' },
      threshold: { percent: 20, seconds: 30 },
    });
  });

  it('imports a run file the browser reads, and lists it', async () => {
    const content = JSON.stringify({ format: 'dr-job-stats-run', schemaVersion: 3 });
    const { user, requests, library } = await runsScreen([q3], {
      answers: {
        'runs:import': () => {
          library.runs = [q3, q4];
          return ok({ imported: q4 });
        },
      },
    });
    // The browser's own file picker (hidden): the button opens it.
    const picker = document.querySelector<HTMLInputElement>('input[type=file]')!;
    const opened = vi.fn();
    picker.addEventListener('click', opened);
    await user.click(screen.getByRole('button', { name: 'Import run file…' }));
    expect(opened).toHaveBeenCalledOnce();
    await user.upload(picker, new File([content], 'Q4.drrun.json', { type: 'application/json' }));
    expect(requests('runs:import')).toEqual([{ content }]);
    expect(await screen.findByRole('status')).toHaveTextContent('Imported “Q4 DR test”.');
    expect(names()).toContain('Q4 DR test');
    // The same file can be picked again.
    expect(picker.value).toBe('');
  });

  it('lets the desktop app ask for the file with its own dialog', async () => {
    const { user, requests } = await runsScreen([q3], {
      info: { mode: 'electron' },
      answers: { 'runs:import': () => ok({ imported: null }) },
    });
    await user.click(screen.getByRole('button', { name: 'Import run file…' }));
    expect(requests('runs:import')).toEqual([{}]);
  });
});

describe('RunsScreen evidence packs', () => {
  it('finalizes a run for the days chosen; the pack is then badged, frozen, and says until when it is kept', async () => {
    const keptUntil = NOW + 365 * 86_400;
    const { library, user, calls } = await runsScreen([q3], {
      answers: {
        'runs:finalize': (request) => {
          const { runId } = request as { runId: string };
          const pack = { finalizedAt: NOW, retainUntil: keptUntil, signed: false };
          library.runs = library.runs.map((r) => (r.id === runId ? { ...r, pack } : r));
          return ok(library.runs.find((r) => r.id === runId)!);
        },
      },
    });
    await user.click(within(row('Q3 DR test')).getByRole('button', { name: 'Finalize…' }));
    const form = screen.getByRole('form', { name: 'Finalize Q3 DR test' });
    await user.clear(within(form).getByRole('spinbutton', { name: /Keep for/ }));
    await user.type(within(form).getByRole('spinbutton', { name: /Keep for/ }), '365');
    await user.click(within(form).getByRole('button', { name: 'Finalize as evidence pack' }));
    await vi.waitFor(() => expect(screen.getByTestId('pack-badge')).toHaveTextContent(/kept until \d{4}-\d\d-\d\d/));
    expect(calls.filter((c) => c.channel === 'runs:finalize').map((c) => c.request)).toEqual([
      { runId: 'q3', retentionDays: 365 },
    ]);
    expect(screen.getByRole('status')).toHaveTextContent('is now an evidence pack');
    expect(within(row('Q3 DR test')).getByRole('button', { name: 'Rename / note' })).toBeDisabled();
    expect(within(row('Q3 DR test')).queryByRole('button', { name: 'Finalize…' })).toBeNull();
  });

  it('deleting a pack before its retention date says until when it must be kept, and asks main twice over', async () => {
    const pack = { finalizedAt: NOW - 86_400, retainUntil: NOW + 10 * 365 * 86_400, signed: true };
    const { user, calls } = await runsScreen([{ ...q3, pack }], { answers: { 'runs:delete': () => ok({}) } });
    await user.click(within(row('Q3 DR test')).getByRole('button', { name: 'Delete…' }));
    expect(within(row('Q3 DR test')).getByRole('note')).toHaveTextContent(/An evidence pack to be kept until \d{4}/);
    await user.click(within(row('Q3 DR test')).getByRole('button', { name: 'Delete before its retention date' }));
    await vi.waitFor(() =>
      expect(calls.filter((c) => c.channel === 'runs:delete').map((c) => c.request)).toEqual([
        { runId: 'q3', beforeRetention: true },
      ]),
    );
  });

  it('says when a scoped run keeps the whole answer, and opens the audit log', async () => {
    const { app, user } = await runsScreen([{ ...q3, answerOperations: 300 }]);
    expect(within(row('Q3 DR test')).getAllByRole('cell')[3]).toHaveTextContent(
      "The file also keeps the CommServe's whole answer (300 operations), so its figures can be checked.",
    );
    await user.click(screen.getByRole('button', { name: 'Audit log' }));
    expect(app.screen).toBe('audit');
  });
});
