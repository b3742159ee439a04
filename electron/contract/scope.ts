import { z } from 'zod';
import { OPERATION_TYPE_LABELS, rtoVerdict, targetFor, type RtoTargets, type RtoVerdictKind } from './evidence.js';
import {
  CalendarTimeSchema,
  OperationTypeSchema,
  PhaseStatusSchema,
  type DrOperation,
  type JobStatsFilter,
} from './model.js';

/**
 * What the user is looking at: one scope drives the table, Insights, the overview, every export, report and saved
 * run, and each of them states it. JobStats has no time filter, so the time range is applied after fetching.
 */
export const TIME_RANGES = ['all', '24h', '7d', '30d', '90d', '365d', 'custom'] as const;
export const TimeRangeSchema = z.enum(TIME_RANGES);
export type TimeRange = z.infer<typeof TimeRangeSchema>;

export const TIME_RANGE_LABELS: Readonly<Record<TimeRange, string>> = {
  all: 'all time',
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
  '90d': 'last 90 days',
  '365d': 'last 12 months',
  custom: 'custom range',
};

const RANGE_SECONDS: Partial<Record<TimeRange, number>> = {
  '24h': 86_400,
  '7d': 7 * 86_400,
  '30d': 30 * 86_400,
  '90d': 90 * 86_400,
  '365d': 365 * 86_400,
};

/**
 * How an operation stands against its RTO target (docs/evidence.md), as the scope filters it: within target, over
 * target, not recovered (a failed recovery), a live breach (still running and already past the target), or
 * unconfirmed (a phase status the CommServe does not document). RTO compliance is judged over within, over, not
 * recovered and unconfirmed; the breaches are over, not recovered and live breach.
 */
export const RTO_RESULTS = ['within', 'over', 'not-recovered', 'live-breach', 'unconfirmed'] as const;
export const RtoResultSchema = z.enum(RTO_RESULTS);
export type RtoResult = z.infer<typeof RtoResultSchema>;

export const RTO_RESULT_LABELS: Readonly<Record<RtoResult, string>> = {
  within: 'within target',
  over: 'over target',
  'not-recovered': 'not recovered',
  'live-breach': 'live breach',
  unconfirmed: 'unconfirmed',
};

/** The RTO result a verdict is filtered as; null for those no RTO filter picks (running within, no target, no RTO). */
export function rtoResultOf(kind: RtoVerdictKind): RtoResult | null {
  switch (kind) {
    case 'within':
      return 'within';
    case 'over':
      return 'over';
    case 'not-recovered':
      return 'not-recovered';
    case 'running-breached':
      return 'live-breach';
    case 'unconfirmed':
      return 'unconfirmed';
    default:
      return null;
  }
}

export const ScopeSchema = z.object({
  range: TimeRangeSchema.default('all'),
  /** Custom range, epoch seconds (inclusive); used only with `range: 'custom'`. */
  from: CalendarTimeSchema.nullable().default(null),
  to: CalendarTimeSchema.nullable().default(null),
  /** Empty means every status / type / group. */
  statuses: z.array(PhaseStatusSchema).max(8).default([]),
  types: z.array(OperationTypeSchema).max(16).default([]),
  groupIds: z.array(z.number().int()).max(10_000).default([]),
  /** Empty means every RTO result (and operations with none). Judged at the data's fetch time, as every verdict. */
  rtoResults: z.array(RtoResultSchema).max(RTO_RESULTS.length).default([]),
  /** A VM by (part of) its name, or by client id / replication id when it is a number. */
  vm: z.string().max(200).default(''),
  /** Free text over job id, group, VM names, status, type and error messages. */
  search: z.string().max(200).default(''),
});
export type Scope = z.infer<typeof ScopeSchema>;

export const EMPTY_SCOPE: Scope = ScopeSchema.parse({});

export interface ScopeContext {
  groupNames: Readonly<Record<string, string>>;
  /**
   * The moment relative ranges end at and running operations are judged at: the data's fetch time (a saved run
   * keeps its own "last 30 days").
   */
  asOf: number;
  /** The RTO targets the RTO result is judged against: the data's (a group's own, else the connection's). */
  targets: RtoTargets;
}

/** The [from, to] window of a scope in epoch seconds (either end may be open). */
export function scopeWindow(scope: Scope, asOf: number): { from: number | null; to: number | null } {
  if (scope.range === 'custom') return { from: scope.from, to: scope.to };
  const span = RANGE_SECONDS[scope.range];
  return span === undefined ? { from: null, to: null } : { from: asOf - span, to: null };
}

export function groupLabel(groupId: number | null, groupNames: Readonly<Record<string, string>>): string {
  if (groupId === null) return '—';
  return groupNames[String(groupId)] ?? `Group ${groupId}`;
}

/** A predicate for the operations in scope; build it once per scope, then test thousands of operations. */
export function scopeFilter(scope: Scope, context: ScopeContext): (op: DrOperation) => boolean {
  const { from, to } = scopeWindow(scope, context.asOf);
  const statuses = new Set(scope.statuses);
  const types = new Set(scope.types);
  const groups = new Set(scope.groupIds);
  const rtoResults = new Set(scope.rtoResults);
  const vm = scope.vm.trim().toLowerCase();
  const vmId = /^\d+$/.test(vm) ? Number(vm) : null;
  const needle = scope.search.trim().toLowerCase();
  return (op) => {
    if (from !== null && (op.start === null || op.start < from)) return false;
    if (to !== null && (op.start === null || op.start > to)) return false;
    if (statuses.size && !statuses.has(op.status)) return false;
    if (types.size && !types.has(op.operationType)) return false;
    if (groups.size && (op.drGroupId === null || !groups.has(op.drGroupId))) return false;
    if (rtoResults.size) {
      const result = rtoResultOf(rtoVerdict(op, targetFor(op, context.targets), context.asOf).kind);
      if (result === null || !rtoResults.has(result)) return false;
    }
    if (
      vm &&
      !op.vms.some(
        (run) =>
          run.client.name.toLowerCase().includes(vm) ||
          (vmId !== null && (run.client.id === vmId || run.replicationId === vmId)),
      )
    )
      return false;
    if (needle && !matchesText(op, groupLabel(op.drGroupId, context.groupNames), needle)) return false;
    return true;
  };
}

function matchesText(op: DrOperation, groupName: string, needle: string): boolean {
  if (
    String(op.jobId).includes(needle) ||
    groupName.toLowerCase().includes(needle) ||
    op.status.includes(needle) ||
    OPERATION_TYPE_LABELS[op.operationType].toLowerCase().includes(needle)
  )
    return true;
  return op.vms.some(
    (vm) =>
      vm.client.name.toLowerCase().includes(needle) ||
      vm.phases.some((p) => p.errorMessage !== null && p.errorMessage.toLowerCase().includes(needle)),
  );
}

export function applyScope(operations: readonly DrOperation[], scope: Scope, context: ScopeContext): DrOperation[] {
  return operations.filter(scopeFilter(scope, context));
}

export function isEmptyScope(scope: Scope): boolean {
  return (
    scope.range === 'all' &&
    !scope.statuses.length &&
    !scope.types.length &&
    !scope.groupIds.length &&
    !scope.rtoResults.length &&
    !scope.vm.trim() &&
    !scope.search.trim()
  );
}

/** What the words need besides the scope itself. */
export interface ScopeWords {
  groupNames: Readonly<Record<string, string>>;
  /** Operations in the scope, and of how many. */
  shown: number;
  total: number;
  /** The zone custom dates were picked in (and the report's times are in): days are named in it. */
  timeZone: string;
  /** What was asked of the CommServe (a DR group, a job, a pair, a client): part of what the data stands for. */
  fetched?: JobStatsFilter;
}

/** A day as YYYY-MM-DD in a time zone. */
export function dayFormatter(timeZone: string): (epoch: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (epoch) => format.format(new Date(epoch * 1000));
}

/**
 * The scope in words, as every export, report and saved run states it:
 * "Finance Tier 1 · last 30 days · 51 of 300 operations".
 */
export function describeScope(scope: Scope, words: ScopeWords): string {
  const { groupNames, shown, total, fetched = {} } = words;
  const day = dayFormatter(words.timeZone);
  const parts: string[] = [];
  parts.push(
    scope.groupIds.length
      ? scope.groupIds.map((id) => groupLabel(id, groupNames)).join(', ')
      : fetched.drGroupId !== undefined
        ? groupLabel(fetched.drGroupId, groupNames)
        : 'all DR groups',
  );
  if (fetched.jobId !== undefined) parts.push(`job ${fetched.jobId}`);
  if (fetched.replicationId !== undefined) parts.push(`replication pair ${fetched.replicationId}`);
  if (fetched.clientId !== undefined) parts.push(`client ${fetched.clientId}`);
  if (scope.range === 'custom') {
    const from = scope.from === null ? '…' : day(scope.from);
    const to = scope.to === null ? '…' : day(scope.to);
    parts.push(`${from} to ${to}`);
  } else parts.push(TIME_RANGE_LABELS[scope.range]);
  if (scope.types.length) parts.push(scope.types.map((t) => OPERATION_TYPE_LABELS[t]).join(', '));
  if (scope.statuses.length) parts.push(scope.statuses.join(', '));
  if (scope.rtoResults.length)
    parts.push(
      `RTO ${RTO_RESULTS.filter((r) => scope.rtoResults.includes(r))
        .map((r) => RTO_RESULT_LABELS[r])
        .join(', ')}`,
    );
  if (scope.vm.trim()) parts.push(`VM "${scope.vm.trim()}"`);
  if (scope.search.trim()) parts.push(`matching "${scope.search.trim()}"`);
  parts.push(`${shown} of ${total} ${total === 1 ? 'operation' : 'operations'}`);
  return parts.join(' · ');
}

/**
 * Whether two scopes select the same kind of data: the same filters, whatever the counts they matched (a run
 * saved every month with "last 30 days" has the same scope each time). Search text and VM compare trimmed and
 * case-insensitive; lists compare as sets.
 */
export function sameScope(a: Scope, b: Scope): boolean {
  const set = <T>(list: readonly T[]) => [...new Set(list)].map(String).sort().join('\u0000');
  const text = (value: string) => value.trim().toLowerCase();
  return (
    a.range === b.range &&
    (a.range !== 'custom' || (a.from === b.from && a.to === b.to)) &&
    set(a.statuses) === set(b.statuses) &&
    set(a.types) === set(b.types) &&
    set(a.groupIds) === set(b.groupIds) &&
    set(a.rtoResults) === set(b.rtoResults) &&
    text(a.vm) === text(b.vm) &&
    text(a.search) === text(b.search)
  );
}
