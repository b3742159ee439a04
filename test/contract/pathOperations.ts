import { classify } from '../../electron/contract/evidence.js';
import type { DrOperation, Phase, VmRun } from '../../electron/contract/model.js';

/** Operations whose VMs run phases at times a test chooses: for critical paths and forecasts. */

/** [code, start, end] of a succeeded phase; end null for a running one; a fourth 'failed' fails it. */
export type PhaseSpec = readonly [code: number, start: number, end: number | null, status?: 'failed'];

function phase([code, start, end, status]: PhaseSpec): Phase {
  const state: Phase['status'] = end === null ? 'running' : (status ?? 'succeeded');
  return {
    code,
    name: `Phase ${code}`,
    status: state,
    rawStatus: state === 'failed' ? 1 : 0,
    start,
    end,
    duration: end === null ? null : end - start,
    machine: null,
    errorMessage: state === 'failed' ? 'boom' : null,
    childJobId: null,
  };
}

export function timedOperation(
  jobId: number,
  vms: Readonly<Record<string, readonly PhaseSpec[]>>,
  options: { group?: number; type?: DrOperation['operationType'] } = {},
): DrOperation {
  const { group = 7, type = 'test-boot' } = options;
  const runs: VmRun[] = Object.entries(vms).map(([name, specs], v) => {
    const phases = specs.map(phase);
    const running = phases.some((p) => p.status === 'running');
    const failed = phases.filter((p) => p.status === 'failed').length;
    const starts = phases.map((p) => p.start!);
    const ends = phases.flatMap((p) => (p.end === null ? [] : [p.end]));
    return {
      jobId,
      replicationId: v + 1,
      drGroupId: group,
      client: { id: v + 1, name },
      phases,
      start: Math.min(...starts),
      end: running ? null : Math.max(...ends),
      status: running ? 'running' : failed ? 'failed' : 'succeeded',
      failedPhases: failed,
    };
  });
  const running = runs.some((r) => r.status === 'running');
  const failed = runs.reduce((n, r) => n + r.failedPhases, 0);
  const start = Math.min(...runs.map((r) => r.start!));
  const end = running ? null : Math.max(...runs.map((r) => r.end!));
  return classify(
    {
      jobId,
      drGroupId: group,
      operationType: 'unknown',
      operationTypeSource: 'inferred',
      vms: runs,
      start,
      end,
      duration: end === null ? null : end - start,
      rto: null,
      status: running ? 'running' : failed ? 'failed' : 'succeeded',
      failedPhases: failed,
      runningPhases: runs.reduce((n, r) => n + r.phases.filter((p) => p.status === 'running').length, 0),
    },
    type,
  );
}
