import { isRecoveryType } from '../../electron/contract/evidence.js';
import type { Run } from '../../electron/contract/run.js';

/**
 * A run whose first failed operation was made to read as a success: every failed phase set to succeeded and every
 * count, status and RTO made to agree, so that only the answer the run carries can tell.
 */
export function withFailuresHidden(run: Run): { run: Run; jobId: number } {
  const changed = structuredClone(run);
  const failed = changed.operations.find((op) => op.status === 'failed');
  if (!failed) throw new Error('the run has no failed operation to hide');
  for (const vm of failed.vms) {
    for (const phase of vm.phases) if (phase.status === 'failed') phase.status = 'succeeded';
    if (vm.status === 'failed') vm.status = 'succeeded';
    vm.failedPhases = 0;
  }
  failed.status = 'succeeded';
  failed.failedPhases = 0;
  failed.rto = isRecoveryType(failed.operationType) ? failed.duration : null;
  return { run: changed, jobId: failed.jobId };
}
