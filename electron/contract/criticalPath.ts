import type { DrOperation } from './model.js';
import { formatSeconds, isRecoveryType, median } from './evidence.js';

/**
 * The critical path of a recovery (docs/evidence.md "Critical path"): the chain of segments that decided its RTO,
 * from the operation's first phase start to the moment its last VM was up. Read backwards from the VM that finished
 * last: each of its phases, the gaps between them, and — where it started only after another VM had finished (the
 * order of priority groups) — that VM's phases before it. The segments tile the RTO: they add up to it exactly.
 * JobStats records times, not dependencies, so "held up by" is what the times say; see the docs for the rules.
 */

/** The DR Approval phase (Commvault phase code 27): time in it is time spent waiting for someone to approve. */
export const APPROVAL_PHASE = 27;

export type PathSegmentKind =
  /** A phase of a VM. */
  | 'phase'
  /** A DR Approval phase: waiting for approval. */
  | 'approval'
  /** The wait between a VM that finished and the next priority group's VM starting. */
  | 'priority-interval'
  /** A VM waiting with no phase running: before its first phase, or between two of its phases. */
  | 'queueing';

export interface PathSegment {
  kind: PathSegmentKind;
  /** The phase's name, or the wait's ("waiting for approval", "priority interval", "queueing"). */
  label: string;
  /** The VM the segment ran on (a wait: the VM that waited). */
  vm: string;
  /** The phase code; null for a wait that is not a phase. */
  phaseCode: number | null;
  start: number;
  end: number;
  seconds: number;
  /** Of the RTO, 0–1. */
  share: number;
  /** On a VM other than the one that finished last: it held that VM up. */
  heldUp: boolean;
}

export interface CriticalPath {
  kind: 'path';
  jobId: number;
  rto: number;
  /** The VM that finished last. */
  lastVm: string;
  /** Oldest first; `start` of the first is the operation's start, `end` of the last its end. */
  segments: PathSegment[];
}

export type NoPathReason = 'running' | 'not-recovered' | 'not-recovery' | 'unconfirmed';

export interface NoCriticalPath {
  kind: 'none';
  jobId: number;
  reason: NoPathReason;
  message: string;
}

export type CriticalPathResult = CriticalPath | NoCriticalPath;

const WAIT_LABELS: Readonly<Record<Exclude<PathSegmentKind, 'phase'>, string>> = {
  approval: 'waiting for approval',
  'priority-interval': 'priority interval',
  queueing: 'queueing',
};

interface TimedPhase {
  code: number;
  name: string;
  start: number;
  end: number;
}

interface TimedVm {
  name: string;
  start: number;
  end: number;
  phases: TimedPhase[];
}

function noPath(op: DrOperation): NoCriticalPath {
  const base = { kind: 'none' as const, jobId: op.jobId };
  if (!isRecoveryType(op.operationType))
    return { ...base, reason: 'not-recovery', message: 'not a recovery operation: no RTO, no critical path' };
  if (op.status === 'running') return { ...base, reason: 'running', message: 'still running: no critical path yet' };
  if (op.status === 'failed')
    return { ...base, reason: 'not-recovered', message: 'not recovered: no RTO, no critical path' };
  return { ...base, reason: 'unconfirmed', message: 'recovery unconfirmed: no RTO, no critical path' };
}

function timedVms(op: DrOperation): TimedVm[] {
  const vms: TimedVm[] = [];
  for (const vm of op.vms) {
    const phases: TimedPhase[] = [];
    for (const p of vm.phases)
      if (p.start !== null && p.end !== null) phases.push({ code: p.code, name: p.name, start: p.start, end: p.end });
    if (phases.length === 0) continue;
    let start = Infinity;
    let end = -Infinity;
    for (const p of phases) {
      if (p.start < start) start = p.start;
      if (p.end > end) end = p.end;
    }
    vms.push({ name: vm.client.name, start, end, phases });
  }
  return vms;
}

/**
 * The critical path of an operation that has an RTO; for any other, why it has none (a running recovery has no
 * path yet; a failed one has no RTO and so no path).
 */
export function criticalPath(op: DrOperation): CriticalPathResult {
  if (op.rto === null || op.start === null || op.end === null) return noPath(op);
  const vms = timedVms(op);
  const opStart = op.start;
  let t = op.end;
  let v = 0;
  for (let i = 1; i < vms.length; i++) if (vms[i]!.end > vms[v]!.end) v = i;
  const last = v;
  const reversed: Omit<PathSegment, 'share'>[] = [];
  const wait = (kind: Exclude<PathSegmentKind, 'phase'>, start: number, end: number, on: number) =>
    reversed.push({
      kind,
      label: WAIT_LABELS[kind],
      vm: vms[on]!.name,
      phaseCode: null,
      start,
      end,
      seconds: end - start,
      heldUp: on !== last,
    });
  // Every step moves t strictly back, or hands over to a VM that has a phase before t: the walk ends.
  while (t > opStart && vms.length > 0) {
    const vm = vms[v]!;
    let cover: TimedPhase | undefined;
    let ownEnd = -Infinity;
    for (const p of vm.phases) {
      if (p.start < t && p.end >= t) {
        if (!cover || p.start < cover.start) cover = p;
      } else if (p.end < t && p.end > ownEnd) ownEnd = p.end;
    }
    if (cover) {
      const start = Math.max(cover.start, opStart);
      reversed.push({
        kind: cover.code === APPROVAL_PHASE ? 'approval' : 'phase',
        label: cover.code === APPROVAL_PHASE ? WAIT_LABELS.approval : cover.name,
        vm: vm.name,
        phaseCode: cover.code,
        start,
        end: t,
        seconds: t - start,
        heldUp: v !== last,
      });
      t = start;
      continue;
    }
    if (ownEnd > -Infinity) {
      wait('queueing', ownEnd, t, v);
      t = ownEnd;
      continue;
    }
    // Before this VM's first phase: it waited for a VM that had finished (the previous priority group), if any.
    let blocker = -1;
    for (let i = 0; i < vms.length; i++) {
      const other = vms[i]!;
      if (i === v || other.end > t || other.start >= t) continue;
      if (blocker < 0 || other.end > vms[blocker]!.end) blocker = i;
    }
    if (blocker >= 0) {
      const at = vms[blocker]!.end;
      if (at < t) wait('priority-interval', at, t, v);
      v = blocker;
      t = at;
      continue;
    }
    wait('queueing', opStart, t, v);
    t = opStart;
  }
  const rto = op.rto;
  const segments = reversed.reverse().map((s) => ({ ...s, share: rto > 0 ? s.seconds / rto : 0 }));
  return { kind: 'path', jobId: op.jobId, rto, lastVm: vms[last]?.name ?? '', segments };
}

/** A segment in words: "Replication on sapp-ctx-02", "waiting for approval". */
export function segmentWords(segment: Pick<PathSegment, 'kind' | 'label' | 'vm'>): string {
  return segment.kind === 'phase' ? `${segment.label} on ${segment.vm}` : segment.label;
}

/** The path in words, largest shares first: "62 % Replication on sapp-ctx-02 · 18 % waiting for approval · …". */
export function criticalPathWords(path: CriticalPath, limit = 4): string {
  const merged = new Map<string, number>();
  for (const s of path.segments) merged.set(segmentWords(s), (merged.get(segmentWords(s)) ?? 0) + s.seconds);
  const parts = [...merged]
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([words, seconds]) => `${Math.round((path.rto > 0 ? seconds / path.rto : 0) * 100)} % ${words}`);
  return parts.length > limit ? [...parts.slice(0, limit), '…'].join(' · ') : parts.join(' · ');
}

// ---- what-if -----------------------------------------------------------------------------------------------

export type WhatIfChange =
  /** One segment of the path at another length (normally its phase's median in the group). */
  | { kind: 'segment'; index: number; seconds: number }
  /** Every wait for approval on the path removed. */
  | { kind: 'no-approval' };

export interface WhatIf {
  realRto: number;
  /** What the RTO would have been: a computed figure, never a measured one. */
  whatIfRto: number;
  change: string;
}

/**
 * The RTO recomputed with one change to the path: the path after the changed segment moves by the difference, and
 * a VM that did not wait for it keeps its end, so it may decide the RTO instead.
 */
export function whatIfRto(op: DrOperation, path: CriticalPath, change: WhatIfChange): WhatIf {
  const changed =
    change.kind === 'segment'
      ? path.segments.filter((_, i) => i === change.index)
      : path.segments.filter((s) => s.kind === 'approval');
  if (changed.length === 0) return { realRto: path.rto, whatIfRto: path.rto, change: 'nothing to change' };
  const delta =
    change.kind === 'segment' ? change.seconds - changed[0]!.seconds : -changed.reduce((n, s) => n + s.seconds, 0);
  const from = changed[0]!.end;
  // VMs on the path after the change wait for it; every other VM ends when it ended.
  const downstream = new Set(path.segments.filter((s) => s.start >= from).map((s) => s.vm));
  let others = 0;
  for (const vm of op.vms)
    if (!downstream.has(vm.client.name) && vm.end !== null && op.start !== null)
      others = Math.max(others, vm.end - op.start);
  const words =
    change.kind === 'segment'
      ? `${segmentWords(changed[0]!)} at ${formatSeconds(change.seconds)}`
      : 'without the wait for approval';
  return { realRto: path.rto, whatIfRto: Math.max(0, path.rto + delta, others), change: words };
}

/** The key of a phase on a VM in `phaseMedians`. */
export function phaseKey(vm: string, code: number): string {
  return `${vm}\u0000${code}`;
}

/** The median duration of each phase on each VM, over the recoveries given (normally a group's, with an RTO). */
export function phaseMedians(operations: readonly DrOperation[]): Map<string, number> {
  const durations = new Map<string, number[]>();
  for (const op of operations) {
    if (op.rto === null) continue;
    for (const vm of op.vms)
      for (const p of vm.phases) {
        if (p.duration === null) continue;
        const key = phaseKey(vm.client.name, p.code);
        const list = durations.get(key);
        if (list) list.push(p.duration);
        else durations.set(key, [p.duration]);
      }
  }
  const out = new Map<string, number>();
  for (const [key, list] of durations) out.set(key, median(list)!);
  return out;
}

// ---- across a group's tests --------------------------------------------------------------------------------

export interface PathShare {
  label: string;
  seconds: number;
  share: number;
}

export interface PathShares {
  paths: number;
  totalSeconds: number;
  /** Phases and waits by name, largest first. */
  byPhase: PathShare[];
  /** VMs (a wait counts to the VM that waited), largest first. */
  byVm: PathShare[];
}

function ranked(totals: Map<string, number>, all: number): PathShare[] {
  return [...totals]
    .map(([label, seconds]) => ({ label, seconds, share: all > 0 ? seconds / all : 0 }))
    .sort((a, b) => b.seconds - a.seconds || a.label.localeCompare(b.label));
}

/** Which phases and which VMs take the largest share of these critical paths (normally one DR group's). */
export function criticalPathShares(paths: readonly CriticalPath[]): PathShares {
  const byPhase = new Map<string, number>();
  const byVm = new Map<string, number>();
  let all = 0;
  for (const path of paths)
    for (const s of path.segments) {
      all += s.seconds;
      byPhase.set(s.label, (byPhase.get(s.label) ?? 0) + s.seconds);
      byVm.set(s.vm, (byVm.get(s.vm) ?? 0) + s.seconds);
    }
  return { paths: paths.length, totalSeconds: all, byPhase: ranked(byPhase, all), byVm: ranked(byVm, all) };
}
