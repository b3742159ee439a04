import { classify } from '../../electron/contract/evidence.js';
import type { DrOperation, Phase } from '../../electron/contract/model.js';

/** Operations built to the evidence rules' edges, for the contract's rule tests and the renderer's agreement test. */

const phase = (code: number, start: number, end: number | null, status: Phase['status'] = 'succeeded'): Phase => ({
  code,
  name: `Phase ${code}`,
  status,
  rawStatus: status === 'failed' ? 1 : 0,
  start,
  end,
  duration: end === null ? null : end - start,
  machine: null,
  errorMessage: status === 'failed' ? 'boom' : null,
  childJobId: null,
});

/** An operation of `vms` VMs running `codes` each; `failedVms` of them fail their last phase. */
export function operation(
  jobId: number,
  codes: number[],
  options: { start?: number; step?: number; vms?: number; failedVms?: number; running?: boolean; group?: number } = {},
): DrOperation {
  const { start = 1_000_000, step = 60, vms = 2, failedVms = 0, running = false, group = 7 } = options;
  const runs = Array.from({ length: vms }, (_, v) => {
    const phases = codes.map((code, i) => {
      const last = i === codes.length - 1;
      const s = start + i * step;
      if (last && running) return phase(code, s, null, 'running');
      return phase(code, s, s + step, last && v < failedVms ? 'failed' : 'succeeded');
    });
    const failed = phases.filter((p) => p.status === 'failed').length;
    return {
      jobId,
      replicationId: v + 1,
      drGroupId: group,
      client: { id: v, name: `vm-${v}` },
      phases,
      start,
      end: running ? null : start + codes.length * step,
      status: running ? ('running' as const) : failed ? ('failed' as const) : ('succeeded' as const),
      failedPhases: failed,
    };
  });
  const failed = runs.reduce((n, r) => n + r.failedPhases, 0);
  const duration = running ? null : codes.length * step;
  return classify({
    jobId,
    drGroupId: group,
    operationType: 'unknown',
    operationTypeSource: 'inferred',
    vms: runs,
    start,
    end: running ? null : start + codes.length * step,
    duration,
    rto: null,
    status: running ? 'running' : failed ? 'failed' : 'succeeded',
    failedPhases: failed,
    runningPhases: running ? vms : 0,
  });
}

/** Phase codes of each kind of operation, as the CommServe reports them. */
export const TEST_BOOT = [13, 42, 20, 1, 14, 44, 22];
export const PLANNED = [13, 52, 2, 24, 7, 15, 1, 32, 53, 26];
export const UNDO = [49, 2, 40, 16, 50];
