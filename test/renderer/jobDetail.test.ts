import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { DrOperation, Phase, PhaseStatus } from '../../electron/contract/model';
import JobDetail from '../../renderer/src/components/JobDetail.svelte';
import { useBridge } from '../../renderer/src/lib/api';
import { appContext } from '../../renderer/src/lib/appContext';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { fakeBridge } from './fakeBridge';

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
