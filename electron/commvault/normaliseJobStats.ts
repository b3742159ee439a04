import {
  EARLIEST_JOB_TIME,
  LATEST_JOB_TIME,
  PREVIEW_OPERATIONS,
  type DrOperation,
  type FetchPreview,
  type Phase,
  type PhaseStatus,
  type VmRun,
} from '../contract/model.js';
import { classify } from '../contract/evidence.js';
import { phaseName } from './codes.js';
import { CommvaultError } from './errors.js';
import { field, id, isRecord, list, num, record, strField, unwrapRoot, type Loose } from './loose.js';

/**
 * The most VM runs one fetch may hold. Past it the answer is refused as too large (with what to do) rather than
 * filling the memory of an admin workstation: 250,000 VM runs are roughly a 275 MB body.
 */
export const MAX_VM_RUNS = 250_000;

/**
 * JobStats body (already parsed from JSON or XML) → operations. This is the hot path for 100,000 phases, so it
 * is a set of plain loops over the body rather than a schema library: every field is read through the `loose`
 * readers, which check its type, and anything not shaped like a job entry is skipped, never trusted.
 */
export function normaliseJobStats(body: Loose, maxVmRuns = MAX_VM_RUNS): DrOperation[] {
  const root = unwrapRoot(body, ['job']);
  // The same steps as JobStatsNormaliser, in one loop with local state: this is the hottest path of a whole body.
  const byJob = new Map<number, DrOperation>();
  let vmRuns = 0;
  for (const entry of list(root, 'job')) {
    if (!isRecord(entry)) continue;
    const run = toVmRun(entry);
    if (!run) continue;
    if (++vmRuns > maxVmRuns) throw tooManyVmRuns(maxVmRuns);
    addRun(byJob, run);
  }
  return finishOperations(byJob);
}

/** The same, one `job[]` entry at a time, so a body can be normalised while it is still arriving. */
export class JobStatsNormaliser {
  private readonly byJob = new Map<number, DrOperation>();
  private vmRuns = 0;
  private readonly names: Map<string, string> | undefined;

  /**
   * `shareNames`: every phase of a VM names its machine, and each parsed name is a string of its own; sharing one
   * string per name holds a large answer's operations in about 15% less memory, for a map look-up a phase (where memory
   * matters more than those milliseconds: in the worker that reads a large answer).
   */
  constructor(
    private readonly maxVmRuns = MAX_VM_RUNS,
    shareNames = false,
  ) {
    this.names = shareNames ? new Map() : undefined;
  }

  add(entry: unknown): void {
    if (!isRecord(entry)) return;
    const run = toVmRun(entry, this.names);
    if (!run) return;
    if (++this.vmRuns > this.maxVmRuns) throw tooManyVmRuns(this.maxVmRuns);
    addRun(this.byJob, run);
  }

  get vmRunCount(): number {
    return this.vmRuns;
  }

  /** The first operations so far, in arrival order, with only what is already certain about them. */
  preview(): FetchPreview {
    const operations: FetchPreview['operations'] = [];
    for (const op of this.byJob.values()) {
      if (operations.length === PREVIEW_OPERATIONS) break;
      operations.push({
        jobId: op.jobId,
        drGroupId: groupOf(op),
        vmNames: op.vms.map((vm) => vm.client.name),
        start: earliestStart(op.vms),
      });
    }
    return { operations, vmRunsSoFar: this.vmRuns };
  }

  finish(): DrOperation[] {
    return finishOperations(this.byJob);
  }
}

function addRun(byJob: Map<number, DrOperation>, run: VmRun): void {
  let op = byJob.get(run.jobId);
  if (!op) {
    op = {
      jobId: run.jobId,
      drGroupId: run.drGroupId,
      operationType: 'unknown',
      operationTypeSource: 'inferred',
      vms: [],
      start: null,
      end: null,
      duration: null,
      rto: null,
      status: 'succeeded',
      failedPhases: 0,
      runningPhases: 0,
    };
    byJob.set(run.jobId, op);
  }
  op.vms.push(run);
}

function finishOperations(byJob: Map<number, DrOperation>): DrOperation[] {
  const operations = [...byJob.values()];
  for (const op of operations) summariseOperation(op);
  // Newest first: Commvault job ids grow over time.
  return operations.sort((a, b) => b.jobId - a.jobId);
}

function tooManyVmRuns(max: number): CommvaultError {
  return new CommvaultError(
    'too-large',
    `This answer has more than ${max.toLocaleString('en-US')} VM runs, more than one fetch can hold. Narrow the filter (a DR group, a job ID or a VM) and fetch again.`,
    { code: 'TOO_MANY_VM_RUNS' },
  );
}

/**
 * Properties are read by name at each call site (`raw.phase`, not `raw[key]`): objects from one body share a
 * shape, so these reads stay monomorphic and fast. `field()` is only the fallback for `@`-prefixed spellings.
 */
interface RawPhase {
  phase?: unknown;
  status?: unknown;
  startTime?: unknown;
  endTime?: unknown;
  entity?: unknown;
  phaseInfo?: unknown;
}
interface RawJob {
  jobId?: unknown;
  replicationId?: unknown;
  phase?: unknown;
  client?: unknown;
  vapp?: unknown;
  vApp?: unknown;
}
interface RawTime {
  time?: unknown;
}
interface RawNamed {
  clientName?: unknown;
  clientId?: unknown;
  vAppId?: unknown;
}

function text(direct: unknown, obj: Loose, key: string): string | undefined {
  const value = or(direct, obj, key);
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function or(direct: unknown, obj: Loose, key: string): unknown {
  return direct !== undefined ? direct : field(obj, key);
}

function asRecord(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}

function toVmRun(entry: Loose, names?: Map<string, string>): VmRun | undefined {
  const job = entry as RawJob;
  const jobId = id(or(job.jobId, entry, 'jobId'));
  // Not a job this app can name (≤ 0, fractional, beyond 2^53): skipped, so it never hides the good ones.
  if (jobId === undefined || jobId === 0) return undefined;
  const client = asRecord(or(job.client, entry, 'client'));
  const vapp = asRecord(or(job.vapp, entry, 'vapp')) ?? asRecord(or(job.vApp, entry, 'vApp'));
  const rawPhases = or(job.phase, entry, 'phase');
  const list = Array.isArray(rawPhases) ? rawPhases : isRecord(rawPhases) ? [rawPhases] : [];
  const phases: Phase[] = [];
  let start: number | null = null;
  let end: number | null = null;
  let failed = 0;
  let running = 0;
  let unknown = 0;
  for (const raw of list) {
    if (!isRecord(raw)) continue;
    const phase = toPhase(raw, names);
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
  const named = client as RawNamed | undefined;
  const clientName = client && (text(named!.clientName, client, 'clientName') ?? strField(client, 'displayName'));
  return {
    jobId,
    replicationId: positive(id(or(job.replicationId, entry, 'replicationId'))),
    drGroupId: positive(vapp && id(or((vapp as RawNamed).vAppId, vapp, 'vAppId'))),
    // 0 is a real client id (the API page's own sample has one); only -999 or absence means none (`id`).
    client: {
      id: (client && id(or(named!.clientId, client, 'clientId'))) ?? null,
      name: shared(clientName || 'Unnamed VM', names)!,
    },
    phases,
    start,
    end: running > 0 ? null : end,
    status,
    failedPhases: failed,
  };
}

function positive(value: number | undefined): number | null {
  return value === undefined || value === 0 ? null : value;
}

/** 1990-01-01 and 2100-01-01 UTC: a DR job's time outside these is damage, not data (a saved run's too). */
const EARLIEST = EARLIEST_JOB_TIME;
const LATEST = LATEST_JOB_TIME;

/** A time object `{_type_: 55, time}` as sent; 0, -999 and absence mean "not yet" / "not available". */
function sentTime(holder: unknown): number | null {
  const record = asRecord(holder);
  if (!record) return null;
  const value = num(or((record as RawTime).time, record, 'time'));
  return value === undefined || value <= 0 ? null : value;
}

/** A time outside 1990–2100 is damage, not data (one such value once blanked the whole table): dropped. */
function plausible(time: number | null): number | null {
  return time === null || time < EARLIEST || time > LATEST ? null : time;
}

/** The one string kept for this name (see `JobStatsNormaliser`), or the name itself when names are not shared. */
function shared(name: string | null, names: Map<string, string> | undefined): string | null {
  if (names === undefined || name === null) return name;
  const known = names.get(name);
  if (known !== undefined) return known;
  names.set(name, name);
  return name;
}

function toPhase(raw: Loose, names?: Map<string, string>): Phase {
  const r = raw as RawPhase;
  // A code that is not a whole number (12.5, 1e30) names no phase: shown as unnamed, never a lost fetch.
  const code = id(or(r.phase, raw, 'phase'));
  const rawStatus = num(or(r.status, raw, 'status')) ?? null;
  const start = plausible(sentTime(or(r.startTime, raw, 'startTime')));
  const sentEnd = sentTime(or(r.endTime, raw, 'endTime'));
  let status: PhaseStatus;
  // Running means no end was sent yet; an end that was sent but is damaged does not make a phase run.
  if (sentEnd === null && start !== null && rawStatus !== 1) status = 'running';
  else if (rawStatus === 0) status = 'succeeded';
  // Commvault's SDK treats a missing status as a failure; we do the same.
  else if (rawStatus === 1 || rawStatus === null) status = 'failed';
  else status = 'unknown';

  let errorMessage: string | null = null;
  let childJobId: number | null = null;
  const info = asRecord(or(r.phaseInfo, raw, 'phaseInfo'));
  if (info) {
    const child = list(info, 'job')[0];
    if (isRecord(child)) {
      // 0 means "no child job" (failures without one still carry the entry).
      childJobId = id(field(child, 'jobid') ?? field(child, 'jobId')) || null;
      const failure = record(child, 'failure');
      const message = failure && (strField(failure, 'errorMessage') ?? strField(failure, 'errLogMessage'));
      if (message && message.trim()) errorMessage = message.trim();
    }
  }
  const entity = asRecord(or(r.entity, raw, 'entity'));
  // An end before the start is damage: the phase keeps its status but has no end and no duration (not 0 s).
  const ended = plausible(sentEnd);
  const end = ended !== null && start !== null && ended < start ? null : ended;
  return {
    code: code ?? -1,
    name: code === undefined ? 'Unnamed phase' : phaseName(code),
    status,
    rawStatus,
    start,
    end,
    duration: start !== null && end !== null ? end - start : null,
    machine: shared((entity && text((entity as RawNamed).clientName, entity, 'clientName')) || null, names),
    errorMessage,
    childJobId,
  };
}

function summariseOperation(op: DrOperation): void {
  let end: number | null = null;
  let failed = 0;
  let running = 0;
  let unknown = false;
  for (const vm of op.vms) {
    failed += vm.failedPhases;
    if (vm.status === 'running') {
      for (const phase of vm.phases) if (phase.status === 'running') running++;
    } else if (vm.status === 'unknown') unknown = true;
    if (vm.end !== null && (end === null || vm.end > end)) end = vm.end;
  }
  const start = earliestStart(op.vms);
  op.drGroupId = groupOf(op);
  op.start = start;
  op.failedPhases = failed;
  op.runningPhases = running;
  op.status = running > 0 ? 'running' : failed > 0 ? 'failed' : unknown ? 'unknown' : 'succeeded';
  op.end = running > 0 ? null : end;
  op.duration = running === 0 && start !== null && end !== null ? Math.max(0, end - start) : null;
  classify(op);
}

/** An operation starts with its earliest VM run. */
function earliestStart(vms: readonly VmRun[]): number | null {
  let start: number | null = null;
  for (const vm of vms) if (vm.start !== null && (start === null || vm.start < start)) start = vm.start;
  return start;
}

/** An operation's DR group: its first entry's, or the first VM run that names one. */
function groupOf(op: DrOperation): number | null {
  return op.drGroupId ?? op.vms.find((vm) => vm.drGroupId !== null)?.drGroupId ?? null;
}
