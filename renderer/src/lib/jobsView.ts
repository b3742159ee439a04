import { OPERATION_TYPE_LABELS, rtoVerdict, type RtoVerdict } from '$contract/evidence';
import type { DrOperation, VmRun } from '$contract/model';
import { groupLabel } from '$contract/scope';
import type { SortKey, SortState } from '$contract/ui';

export type { SortKey, SortState };

export type TableRow =
  | {
      kind: 'operation';
      key: string;
      op: DrOperation;
      groupName: string;
      expanded: boolean;
      /** How the operation stands against its RTO target, as of the data's fetch time (evidence.ts). */
      verdict: RtoVerdict;
    }
  | { kind: 'vm'; key: string; op: DrOperation; vm: VmRun };

/** Ascending = the first click on Status: failures first, then what still runs, then the rest. */
const STATUS_ORDER = { failed: 0, running: 1, unknown: 2, succeeded: 3 } as const;

/** Columns whose first click sorts ascending (A→Z, failures first); the others start with the largest. */
const ASCENDING_FIRST: ReadonlySet<SortKey> = new Set(['group', 'type', 'status']);

export function firstDirection(key: SortKey): boolean {
  return !ASCENDING_FIRST.has(key);
}

interface Keyed {
  op: DrOperation;
  groupName: string;
  verdict: RtoVerdict;
}

/**
 * A numeric value to sort by, or null: null rows (running, not recovered, no RTO) go last in **both** directions,
 * so "RTO, largest first" starts with the slowest recoveries, not with "—".
 */
function numeric(row: Keyed, key: SortKey): number | null {
  switch (key) {
    case 'jobId':
      return row.op.jobId;
    case 'vms':
      return row.op.vms.length;
    case 'start':
      return row.op.start;
    case 'end':
      return row.op.end;
    case 'duration':
      return row.op.duration;
    case 'rto':
      return row.verdict.rto;
    case 'failedPhases':
      return row.op.failedPhases;
    case 'status':
      return STATUS_ORDER[row.op.status];
    default:
      return null;
  }
}

function textOf(row: Keyed, key: SortKey): string {
  return key === 'group' ? row.groupName : OPERATION_TYPE_LABELS[row.op.operationType];
}

function compare(a: Keyed, b: Keyed, sort: SortState): number {
  const sign = sort.descending ? -1 : 1;
  if (sort.key === 'group' || sort.key === 'type') return sign * textOf(a, sort.key).localeCompare(textOf(b, sort.key));
  const x = numeric(a, sort.key);
  const y = numeric(b, sort.key);
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return sign * (x - y);
}

/**
 * Operations in scope → the rows the table shows: sorted, with expanded operations followed by their VMs. The
 * scope (search included) is applied before, by `applyScope`: this only orders and expands.
 */
export function buildRows(
  operations: readonly DrOperation[],
  names: Readonly<Record<string, string>>,
  sort: SortState,
  expanded: ReadonlySet<number>,
  targetFor: (op: DrOperation) => number | null,
  asOf: number,
): TableRow[] {
  const keyed: Keyed[] = operations.map((op) => ({
    op,
    groupName: groupLabel(op.drGroupId, names),
    verdict: rtoVerdict(op, targetFor(op), asOf),
  }));
  keyed.sort((a, b) => compare(a, b, sort) || b.op.jobId - a.op.jobId);
  const rows: TableRow[] = [];
  for (const { op, groupName, verdict } of keyed) {
    const isExpanded = expanded.has(op.jobId);
    rows.push({ kind: 'operation', key: `op-${op.jobId}`, op, groupName, expanded: isExpanded, verdict });
    if (isExpanded)
      for (const vm of op.vms)
        rows.push({ kind: 'vm', key: `vm-${op.jobId}-${vm.replicationId}-${vm.client.name}`, op, vm });
  }
  return rows;
}

/** "1 operation", "2 operations". */
export function plural(count: number, word: string): string {
  return `${count} ${count === 1 ? word : `${word}s`}`;
}
