import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_THRESHOLD } from '../../electron/contract/compare';
import type { DrOperation, Phase, PhaseStatus } from '../../electron/contract/model';
import JobDetail from '../../renderer/src/components/JobDetail.svelte';
import { useBridge } from '../../renderer/src/lib/api';
import { appContext } from '../../renderer/src/lib/appContext';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { formatTime } from '../../renderer/src/lib/format';
import { fakeBridge } from './fakeBridge';
import { connectionView, NOW, simulatedCommServe } from './simulated';
import { ok, standIn } from './standIn';

const T0 = 1_790_000_000;

function phase(name: string, start: number, seconds: number | null, status: PhaseStatus = 'succeeded'): Phase {
  return {
    code: 1,
    name,
    status,
    rawStatus: null,
    start,
    end: seconds === null ? null : start + seconds,
    duration: seconds,
    machine: null,
    errorMessage: status === 'failed' ? 'Power on failed: insufficient resources' : null,
    childJobId: null,
  };
}

/** An operation whose VMs each ran the given phases, all starting at T0. */
function operation(type: DrOperation['operationType'], vmPhases: Phase[][]): DrOperation {
  const vms = vmPhases.map((phases, i) => {
    const status: PhaseStatus = phases.some((p) => p.status === 'failed')
      ? 'failed'
      : phases.some((p) => p.status === 'running')
        ? 'running'
        : 'succeeded';
    const ends = phases.map((p) => p.end);
    return {
      jobId: 500,
      replicationId: i + 1,
      drGroupId: 30,
      client: { id: i + 1, name: `vm-${i + 1}` },
      phases,
      start: T0,
      end: status === 'running' ? null : Math.max(...ends.map((e) => e ?? 0)),
      status,
      failedPhases: phases.filter((p) => p.status === 'failed').length,
    };
  });
  const status: PhaseStatus = vms.some((v) => v.status === 'running')
    ? 'running'
    : vms.some((v) => v.status === 'failed')
      ? 'failed'
      : 'succeeded';
  const end = status === 'running' ? null : Math.max(...vms.map((v) => v.end ?? 0));
  const duration = end === null ? null : end - T0;
  return {
    jobId: 500,
    drGroupId: 30,
    operationType: type,
    operationTypeSource: 'inferred',
    vms,
    start: T0,
    end,
    duration,
    rto: status === 'succeeded' && ['test-boot', 'planned-failover'].includes(type) ? duration : null,
    status,
    failedPhases: vms.reduce((n, v) => n + v.failedPhases, 0),
    runningPhases: 0,
  };
}

function show(op: DrOperation, now: number, rtoTargetSeconds: number | null = 3600) {
  useBridge(fakeBridge({}).api);
  const onclose = vi.fn();
  render(JobDetail, {
    props: { operation: op, groupName: 'Finance', utc: true, now, rtoTargetSeconds, onclose },
    context: appContext(new AppState()),
  });
  return { onclose, verdict: screen.getByTestId('rto-verdict') };
}

describe('JobDetail verdict', () => {
  it('calls a quick failed recovery "not recovered (x of y VMs)", never within target', () => {
    const ok = [phase('Power On', T0, 60)];
    const failed = [phase('Power On', T0, 20, 'failed')];
    const { verdict } = show(operation('test-boot', [ok, ok, ok, ok, ok, ok, failed]), T0 + 400);
    expect(verdict).toHaveTextContent('✕ not recovered (6 of 7 VMs)');
    expect(verdict).toHaveAttribute('data-verdict', 'not-recovered');
    expect(document.body).not.toHaveTextContent('within target');
    expect(screen.getByTestId('vms-recovered')).toHaveTextContent('6 of 7');
    expect(screen.getByTestId('operation-type')).toHaveTextContent('Test Boot (inferred)');
  });

  it('flags a running recovery past its target as a live breach, with icon and words', () => {
    const op = operation('test-boot', [[phase('Replication', T0, null, 'running')]]);
    const { verdict } = show(op, T0 + 3600 + 84 * 60, 3600);
    expect(verdict).toHaveTextContent('⚠ running — breached by 1h 24m');
    expect(verdict).toHaveClass('tone-bad');
    expect(screen.getByTestId('rto')).toHaveTextContent('2h 24m so far');
  });

  it('gives an undo operation its duration and "no RTO"', () => {
    const op = operation('undo-failover', [[phase('Power Off', T0, 90), phase('Delete DR VM', T0 + 90, 30)]]);
    const { verdict } = show(op, T0 + 400);
    expect(verdict).toHaveTextContent('no RTO (Undo Failover)');
    expect(screen.getByTestId('duration')).toHaveTextContent('2m 00s');
    expect(screen.getByTestId('rto')).toHaveTextContent('not a recovery');
  });

  it('counts a running phase by its time so far when naming the slowest phase', () => {
    const op = operation('test-boot', [
      [phase('Power Off', T0, 553), phase('Replication', T0 + 553, 60)],
      [phase('Replication', T0, null, 'running')],
    ]);
    show(op, T0 + 6600);
    expect(screen.getByTestId('slowest-phase')).toHaveTextContent('Replication on vm-2 (1h 50m so far, still running)');
  });
});

describe('JobDetail keyboard', () => {
  it('focuses its heading when it opens, and Escape goes back', async () => {
    const { onclose } = show(operation('test-boot', [[phase('Power On', T0, 60)]]), T0 + 100);
    expect(screen.getByRole('heading', { name: 'Job 500' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(onclose).toHaveBeenCalledOnce();
  });
});

describe('JobDetail Gantt text alternative', () => {
  it('is a named image described by words that say what ran, what failed and how long', () => {
    const ok = [phase('Replication', T0, 600), phase('Power On', T0 + 600, 60)];
    const failed = [phase('Replication', T0, 900), phase('Power On', T0 + 900, 20, 'failed')];
    show(operation('test-boot', [ok, failed]), T0 + 1000);
    const gantt = screen.getByRole('img', { name: 'Gantt chart of phases per VM for job 500' });
    expect(gantt).toHaveAccessibleDescription(
      'Job 500: 4 phases on 2 VMs, from 14:13:20 to 14:28:40. Failed: Power On on vm-2. ' +
        'Longest: Replication on vm-2, 15m 00s. The Phases table lists every phase with its times.',
    );
  });

  it('says what is still running, up to the moment the data was fetched', () => {
    const op = operation('test-boot', [[phase('Replication', T0, 300), phase('Power On', T0 + 300, null, 'running')]]);
    show(op, T0 + 420);
    expect(screen.getByRole('img', { name: /^Gantt chart/ })).toHaveAccessibleDescription(
      /to 14:20:20 \(still running\)\. Running: Power On on vm-1 \(2m 00s so far\)\./,
    );
  });
});

/** A job's detail as the Jobs screen opens it, on the simulator's data (30-minute target). */
async function detailOf(jobId: number, options: Parameters<typeof standIn>[0] = {}) {
  const main = standIn({ commServe: simulatedCommServe({}, { rtoTargetSeconds: 1800 }), ...options });
  const app = new AppState();
  expect((await app.start()).ok).toBe(true);
  app.selectJob(jobId);
  const op = app.selected!;
  const onclose = vi.fn();
  render(JobDetail, {
    props: {
      operation: op,
      groupName: app.result!.groupNames[String(op.drGroupId)]!,
      utc: true,
      now: app.asOf,
      rtoTargetSeconds: app.targetFor(op),
      onclose,
    },
    context: appContext(app),
  });
  return { ...main, app, op, onclose, user: userEvent.setup() };
}

describe('JobDetail actions', () => {
  it('compares the job with another of its DR group, the earlier one on the left', async () => {
    const { user, app } = await detailOf(10187);
    const pick = screen.getByRole('combobox', { name: 'Compare with another job' });
    // The other finished operations of Finance Tier 1, not the running one.
    expect(
      within(pick)
        .getAllByRole('option')
        .map((o) => o.textContent!.slice(0, 9)),
    ).toEqual(['Compare w', 'Job 10665', 'Job 10578', 'Job 10548', 'Job 10484', 'Job 10389', 'Job 10147', 'Job 10146']);
    expect(screen.getByRole('button', { name: 'Compare jobs' })).toBeDisabled();
    await user.selectOptions(pick, '10578');
    await user.click(screen.getByRole('button', { name: 'Compare jobs' }));
    expect(app.screen).toBe('compare');
    expect(app.compare).toEqual({
      mode: 'operations',
      left: { source: { kind: 'live', fetchId: 'fetch-1' }, jobId: 10187 },
      right: { source: { kind: 'live', fetchId: 'fetch-1' }, jobId: 10578 },
      threshold: DEFAULT_THRESHOLD,
    });
    app.selectJob(10187);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Compare with another job' }), '10147');
    await user.click(screen.getByRole('button', { name: 'Compare jobs' }));
    expect(app.compare).toMatchObject({ left: { jobId: 10147 }, right: { jobId: 10187 } });
  });

  it('sets the DR group’s own target, and judges the job by it at once', async () => {
    const { user, requests, connections } = await detailOf(10147, {
      answers: {
        'connections:setGroupTarget': (request) => {
          const { groupId, minutes } = request as { groupId: number; minutes: number | null };
          connections.list = [
            connectionView({ rtoTargetsByGroup: minutes === null ? {} : { [String(groupId)]: minutes } }),
          ];
          return ok(connections.list[0]);
        },
      },
    });
    const verdict = screen.getByTestId('rto-verdict');
    expect(verdict).toHaveAttribute('data-verdict', 'within');
    const field = screen.getByRole('textbox', { name: /^Target for this DR group \(min\)/ });
    expect(field).toHaveAttribute('placeholder', '30');
    await user.type(field, 'soon');
    await user.click(screen.getByRole('button', { name: 'Set' }));
    expect(screen.getByRole('status')).toHaveTextContent(/^The RTO target is a number of minutes/);
    expect(requests('connections:setGroupTarget')).toEqual([]);
    await user.clear(field);
    await user.type(field, '10');
    await user.click(screen.getByRole('button', { name: 'Set' }));
    expect(requests('connections:setGroupTarget')).toEqual([{ connectionId: 'prod', groupId: 30, minutes: 10 }]);
    expect(await screen.findByText('Target for Finance Tier 1 set to 10 min.')).toBeInTheDocument();
    // 17m 28s against 10 minutes: over.
    expect(verdict).toHaveAttribute('data-verdict', 'over');
    expect(verdict).toHaveTextContent('Against target (10m 00s)');
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Set' }));
    expect(requests('connections:setGroupTarget').at(-1)).toEqual({ connectionId: 'prod', groupId: 30, minutes: null });
    expect(await screen.findByText('Group target removed.')).toBeInTheDocument();
    expect(verdict).toHaveAttribute('data-verdict', 'within');
  });

  it('prints the job’s report in the browser, and saves a PDF through main in the desktop app', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const browser = await detailOf(10396);
    await browser.user.click(screen.getByRole('button', { name: 'Print report' }));
    expect(print).toHaveBeenCalledOnce();
    cleanup();
    const desktop = await detailOf(10396, {
      info: { mode: 'electron' },
      answers: { 'export:pdf': () => ok({ kind: 'cancelled' }) },
    });
    await desktop.user.click(screen.getByRole('button', { name: 'Save report as PDF' }));
    expect(desktop.requests('export:pdf')).toEqual([{ fileName: 'DR job 10396 report' }]);
    expect(await screen.findByRole('status')).toHaveTextContent('Cancelled.');
  });

  it('does not print data a later fetch could not confirm, and says why', async () => {
    let n = 0;
    const commServe = simulatedCommServe({}, { rtoTargetSeconds: 1800 });
    const { app } = await detailOf(10396, {
      commServe,
      answers: {
        'jobs:fetch': (request) =>
          ++n === 2
            ? { ok: false, error: { kind: 'timeout', message: 'No answer within 30 s.', details: {} } }
            : ok({ ...commServe.fetch(), requestId: (request as { requestId: string }).requestId, fetchId: 'f-1' }),
      },
    });
    await app.fetchJobs();
    const print = screen.getByRole('button', { name: 'Print report' });
    await vi.waitFor(() => expect(print).toBeDisabled());
    expect(print).toHaveAttribute('title', 'Out of date: fetch again to export, save or print.');
  });

  it('lists every phase of every VM with its times, machine, child job and error', async () => {
    const { op } = await detailOf(10187);
    const table = screen.getByRole('table', { name: 'Phases of job 10187' });
    const vm = op.vms[0]!;
    const rows = within(table).getAllByRole('row').slice(1);
    const errors = op.vms.flatMap((v) => v.phases.filter((p) => p.errorMessage)).length;
    expect(rows).toHaveLength(op.vms.reduce((n, v) => n + v.phases.length, 0) + errors);
    expect(within(table).getByRole('rowheader', { name: vm.client.name })).toHaveAttribute(
      'rowspan',
      String(vm.phases.length + vm.phases.filter((p) => p.errorMessage).length),
    );
    const first = vm.phases[0]!;
    expect(rows[0]).toHaveTextContent(
      `${vm.client.name}${first.code}${first.name}✓ Succeeded${formatTime(first.start, true)}${formatTime(first.end, true)}`,
    );
    expect(rows[0]).toHaveTextContent(first.machine ?? '—');
    const failedRow = rows.find((r) => r.textContent!.startsWith('Error:'))!;
    expect(failedRow).toHaveTextContent(
      'Error: Boot check failed for [fina-app-01]: guest heartbeat not detected within 10 minutes.',
    );
    const child = op.vms.flatMap((v) => v.phases).find((p) => p.childJobId !== null)!;
    expect(table).toHaveTextContent(String(child.childJobId));
  });

  it('shows a running phase as running, and a VM that has reported nothing yet', async () => {
    const { op } = await detailOf(10682);
    const table = screen.getByRole('table', { name: 'Phases of job 10682' });
    expect(table).toHaveTextContent('◔ Running');
    expect(table).toHaveTextContent('running…');
    expect(screen.getByTestId('duration')).toHaveTextContent(/so far$/);
    expect(screen.getByTestId('vms-recovered')).toHaveTextContent(`0 of ${op.vms.length} so far`);
    cleanup();
    const silent = { ...op, vms: [{ ...op.vms[0]!, phases: [], start: null, end: null }] };
    useBridge(fakeBridge({}).api);
    render(JobDetail, {
      props: {
        operation: silent,
        groupName: 'Finance Tier 1',
        utc: true,
        now: NOW,
        rtoTargetSeconds: 1800,
        onclose: vi.fn(),
      },
      context: appContext(new AppState()),
    });
    expect(screen.getByRole('table')).toHaveTextContent(`${op.vms[0]!.client.name}No phases reported yet.`);
    expect(screen.getByTestId('gantt-summary')).toHaveTextContent(
      'Job 10682, 1 VM: no phase has started yet, so nothing is drawn.',
    );
  });

  it('leaves Escape to a field being typed in', async () => {
    const { user, onclose } = await detailOf(10147);
    await user.click(screen.getByRole('textbox', { name: /^Target for this DR group \(min\)/ }));
    await user.keyboard('{Escape}');
    expect(onclose).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Back to all jobs' }));
    expect(onclose).toHaveBeenCalledOnce();
  });
});
