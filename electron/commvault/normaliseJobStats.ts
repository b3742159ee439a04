import type { DrOperation, Phase, PhaseStatus, VmRun } from '../contract/model.js';
import { phaseName } from './codes.js';
import { field, isRecord, list, num, record, strField, unwrapRoot, type Loose } from './loose.js';

/**
 * JobStats body (already parsed from JSON or XML) → operations. This is the hot path for 100,000 phases, so it
 * is a set of plain loops over the body rather than a schema library: every field is read through the `loose`
 * readers, which check its type, and anything not shaped like a job entry is skipped, never trusted.
 */
export function normaliseJobStats(body: Loose): DrOperation[] {
  const root = unwrapRoot(body, ['job']);
  const byJob = new Map<number, DrOperation>();
  for (const entry of list(root, 'job')) {
    if (!isRecord(entry)) continue;
    const run = toVmRun(entry);
    if (!run) continue;
    let op = byJob.get(run.jobId);
    if (!op) {
      op = {
        jobId: run.jobId,
        drGroupId: run.drGroupId,
        vms: [],
        start: null,
        end: null,
        rto: null,
        status: 'succeeded',
        failedPhases: 0,
        runningPhases: 0,
      };
      byJob.set(run.jobId, op);
    }
    op.vms.push(run);
  }
  const operations = [...byJob.values()];
  for (const op of operations) summariseOperation(op);
  // Newest first: Commvault job ids grow over time.
  return operations.sort((a, b) => b.jobId - a.jobId);
}

function toVmRun(entry: Loose): VmRun | undefined {
  const jobId = num(field(entry, 'jobId'));
  if (jobId === undefined) return undefined;
  const client = record(entry, 'client');
  const vapp = record(entry, 'vapp') ?? record(entry, 'vApp');
  const rawPhases = list(entry, 'phase');
  const phases: Phase[] = [];
  let start: number | null = null;
  let end: number | null = null;
  let failed = 0;
  let running = 0;
  let unknown = 0;
  for (const raw of rawPhases) {
    if (!isRecord(raw)) continue;
    const phase = toPhase(raw);
    phases.push(phase);
    if (phase.start !== null && (start === null || phase.start < start)) start = phase.start;
    if (phase.end !== null && (end === null || phase.end > end)) end = phase.end;
    if (phase.status === 'failed') failed++;
    else if (phase.status === 'running') running++;
    else if (phase.status === 'unknown') unknown++;
  }
  let status: PhaseStatus;
  if (running > 0) status = 'running';
  else if (failed > 0) status = 'failed';
  else if (unknown > 0 || phases.length === 0) status = 'unknown';
  else status = 'succeeded';
  return {
    jobId,
    replicationId: num(field(entry, 'replicationId')) ?? null,
    drGroupId: (vapp && num(field(vapp, 'vAppId'))) ?? null,
    client: {
      id: (client && num(field(client, 'clientId'))) ?? null,
      name: (client && (strField(client, 'clientName') ?? strField(client, 'displayName'))) || 'Unnamed VM',
    },
    phases,
    start,
    end: running > 0 ? null : end,
    status,
    failedPhases: failed,
  };
}

/** A time object `{_type_: 55, time}`; 0 and -999 mean "not yet" / "not available". */
function time(raw: Loose, key: string): number | null {
  const holder = field(raw, key);
  if (!isRecord(holder)) return null;
  const value = num(field(holder, 'time'));
  return value === undefined || value <= 0 ? null : value;
}

function toPhase(raw: Loose): Phase {
  const code = num(field(raw, 'phase'));
  const rawStatus = num(field(raw, 'status')) ?? null;
  const start = time(raw, 'startTime');
  const end = time(raw, 'endTime');
  let status: PhaseStatus;
  if (end === null && start !== null && rawStatus !== 1) status = 'running';
  else if (rawStatus === 0) status = 'succeeded';
  // Commvault's SDK treats a missing status as a failure; we do the same.
  else if (rawStatus === 1 || rawStatus === null) status = 'failed';
  else status = 'unknown';

  let errorMessage: string | null = null;
  let childJobId: number | null = null;
  const info = record(raw, 'phaseInfo');
  if (info) {
    const child = list(info, 'job')[0];
    if (isRecord(child)) {
      childJobId = num(field(child, 'jobid') ?? field(child, 'jobId')) ?? null;
      const failure = record(child, 'failure');
      const message = failure && (strField(failure, 'errorMessage') ?? strField(failure, 'errLogMessage'));
      if (message && message.trim()) errorMessage = message.trim();
    }
  }
  const entity = record(raw, 'entity');
  return {
    code: code ?? -1,
    name: code === undefined ? 'Unnamed phase' : phaseName(code),
    status,
    rawStatus,
    start,
    end,
    duration: start !== null && end !== null ? Math.max(0, end - start) : null,
    machine: (entity && strField(entity, 'clientName')) || null,
    errorMessage,
    childJobId,
  };
}

function summariseOperation(op: DrOperation): void {
  let start: number | null = null;
  let end: number | null = null;
  let failed = 0;
  let running = 0;
  let unknown = false;
  for (const vm of op.vms) {
    failed += vm.failedPhases;
    if (vm.status === 'running') {
      for (const phase of vm.phases) if (phase.status === 'running') running++;
    } else if (vm.status === 'unknown') unknown = true;
    if (vm.start !== null && (start === null || vm.start < start)) start = vm.start;
    if (vm.end !== null && (end === null || vm.end > end)) end = vm.end;
    if (op.drGroupId === null && vm.drGroupId !== null) op.drGroupId = vm.drGroupId;
  }
  op.start = start;
  op.failedPhases = failed;
  op.runningPhases = running;
  op.status = running > 0 ? 'running' : failed > 0 ? 'failed' : unknown ? 'unknown' : 'succeeded';
  op.end = running > 0 ? null : end;
  op.rto = running === 0 && start !== null && end !== null ? end - start : null;
}
