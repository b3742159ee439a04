import type { DrOperation, VmRun } from '../../../electron/contract/model';

export type SortKey = 'jobId' | 'group' | 'vms' | 'start' | 'end' | 'rto' | 'status' | 'failedPhases';

export interface SortState {
  key: SortKey;
  descending: boolean;
}

export type TableRow =
  | { kind: 'operation'; key: string; op: DrOperation; groupName: string; expanded: boolean; overTarget: boolean }
  | { kind: 'vm'; key: string; op: DrOperation; vm: VmRun };

const STATUS_ORDER = { running: 0, failed: 1, unknown: 2, succeeded: 3 } as const;

function compare(a: DrOperation, b: DrOperation, key: SortKey, names: Record<string, string>): number {
  const nullsLast = (x: number | null, y: number | null) =>
    x === null ? (y === null ? 0 : 1) : y === null ? -1 : x - y;
  switch (key) {
    case 'jobId':
      return a.jobId - b.jobId;
    case 'group':
      return (names[String(a.drGroupId)] ?? '').localeCompare(names[String(b.drGroupId)] ?? '');
    case 'vms':
      return a.vms.length - b.vms.length;
    case 'start':
      return nullsLast(a.start, b.start);
    case 'end':
      return nullsLast(a.end, b.end);
    case 'rto':
      return nullsLast(a.rto, b.rto);
    case 'status':
      return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case 'failedPhases':
      return a.failedPhases - b.failedPhases;
  }
}

/** Free-text match on what an admin would type: job id, group, VM names, status, error text. */
function matches(op: DrOperation, groupName: string, needle: string): boolean {
  if (!needle) return true;
  if (String(op.jobId).includes(needle) || groupName.toLowerCase().includes(needle) || op.status.includes(needle))
    return true;
  return op.vms.some(
    (vm) =>
      vm.client.name.toLowerCase().includes(needle) ||
      vm.phases.some((p) => p.errorMessage?.toLowerCase().includes(needle)),
  );
}

/** Operations → the rows the table shows: filtered, sorted, with expanded operations followed by their VMs. */
export function buildRows(
  operations: readonly DrOperation[],
  names: Record<string, string>,
  search: string,
  sort: SortState,
  expanded: ReadonlySet<number>,
  targetFor: (op: DrOperation) => number | null,
): TableRow[] {
  const needle = search.trim().toLowerCase();
  const shown = operations.filter((op) => matches(op, names[String(op.drGroupId)] ?? '', needle));
  shown.sort((a, b) => {
    const order = compare(a, b, sort.key, names);
    return (sort.descending ? -order : order) || b.jobId - a.jobId;
  });
  const rows: TableRow[] = [];
  for (const op of shown) {
    const isExpanded = expanded.has(op.jobId);
    const target = targetFor(op);
    rows.push({
      kind: 'operation',
      key: `op-${op.jobId}`,
      op,
      groupName: names[String(op.drGroupId)] ?? (op.drGroupId === null ? '—' : `Group ${op.drGroupId}`),
      expanded: isExpanded,
      overTarget: target !== null && op.rto !== null && op.rto > target,
    });
    if (isExpanded)
      for (const vm of op.vms)
        rows.push({ kind: 'vm', key: `vm-${op.jobId}-${vm.replicationId}-${vm.client.name}`, op, vm });
  }
  return rows;
}
