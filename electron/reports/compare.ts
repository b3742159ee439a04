import type { Comparison, ComparisonRow, ComparisonThreshold } from '../contract/compare.js';
import { median } from '../contract/evidence.js';
import type { DrOperation } from '../contract/model.js';

function row(
  level: ComparisonRow['level'],
  vm: string | null,
  phase: string | null,
  left: number | null | undefined,
  right: number | null | undefined,
  threshold: ComparisonThreshold,
): ComparisonRow {
  const presence = left === undefined ? 'right-only' : right === undefined ? 'left-only' : 'both';
  const l = left ?? null;
  const r = right ?? null;
  const delta = l !== null && r !== null ? r - l : null;
  const deltaPercent = delta !== null && l !== null && l > 0 ? Math.round((delta / l) * 1000) / 10 : null;
  const regression =
    delta !== null && delta > threshold.seconds && (deltaPercent === null || deltaPercent > threshold.percent);
  return { level, vm, phase, left: l, right: r, delta, deltaPercent, presence, regression };
}

function merge<T>(left: Map<string, T>, right: Map<string, T>): string[] {
  const keys = [...left.keys()];
  for (const key of right.keys()) if (!left.has(key)) keys.push(key);
  return keys;
}

function vmDuration(vm: DrOperation['vms'][number]): number | null {
  return vm.start !== null && vm.end !== null ? vm.end - vm.start : null;
}

/** Two operations (e.g. this month's and last month's test of one DR group), phase by phase and VM by VM. */
export function compareOperations(a: DrOperation, b: DrOperation, threshold: ComparisonThreshold): Comparison {
  const phases = (op: DrOperation) => {
    const map = new Map<string, { vm: string; phase: string; duration: number | null }>();
    for (const vm of op.vms) {
      const seen = new Map<string, number>();
      for (const p of vm.phases) {
        const n = (seen.get(p.name) ?? 0) + 1;
        seen.set(p.name, n);
        map.set(`${vm.client.name}\u0000${p.name}\u0000${n}`, {
          vm: vm.client.name,
          phase: n > 1 ? `${p.name} (${n})` : p.name,
          duration: p.duration,
        });
      }
    }
    return map;
  };
  const vms = (op: DrOperation) => new Map(op.vms.map((vm) => [vm.client.name, vmDuration(vm)]));
  const [pa, pb, va, vb] = [phases(a), phases(b), vms(a), vms(b)];
  const rows: ComparisonRow[] = [];
  for (const key of merge(va, vb))
    rows.push(
      row('vm', key, null, va.has(key) ? va.get(key)! : undefined, vb.has(key) ? vb.get(key)! : undefined, threshold),
    );
  for (const key of merge(pa, pb)) {
    const info = (pa.get(key) ?? pb.get(key))!;
    rows.push(
      row(
        'phase',
        info.vm,
        info.phase,
        pa.get(key)?.duration ?? (pa.has(key) ? null : undefined),
        pb.get(key)?.duration ?? (pb.has(key) ? null : undefined),
        threshold,
      ),
    );
  }
  return finish('operations', `Job ${a.jobId}`, `Job ${b.jobId}`, a.rto, b.rto, rows);
}

/** Two runs: median duration of each phase and of each VM over all the operations of each run. */
export function compareRuns(
  a: readonly DrOperation[],
  b: readonly DrOperation[],
  labels: [string, string],
  threshold: ComparisonThreshold,
): Comparison {
  const collect = (ops: readonly DrOperation[]) => {
    const phases = new Map<string, number[]>();
    const vms = new Map<string, number[]>();
    for (const op of ops) {
      for (const vm of op.vms) {
        const d = vmDuration(vm);
        const list = vms.get(vm.client.name) ?? [];
        if (d !== null) list.push(d);
        vms.set(vm.client.name, list);
        for (const p of vm.phases) {
          const values = phases.get(p.name) ?? [];
          if (p.duration !== null) values.push(p.duration);
          phases.set(p.name, values);
        }
      }
    }
    return { phases, vms };
  };
  const [ca, cb] = [collect(a), collect(b)];
  // A side without the key has no row value at all (undefined), which marks the row as one-sided.
  const medianRows = (level: ComparisonRow['level'], left: Map<string, number[]>, right: Map<string, number[]>) =>
    merge(left, right).map((key) =>
      row(
        level,
        level === 'vm' ? key : null,
        level === 'phase' ? key : null,
        left.has(key) ? median(left.get(key)!) : undefined,
        right.has(key) ? median(right.get(key)!) : undefined,
        threshold,
      ),
    );
  const rows = [...medianRows('phase', ca.phases, cb.phases), ...medianRows('vm', ca.vms, cb.vms)];
  const rto = (ops: readonly DrOperation[]) => median(ops.flatMap((op) => (op.rto === null ? [] : [op.rto])));
  return finish('runs', labels[0], labels[1], rto(a), rto(b), rows);
}

function finish(
  mode: Comparison['mode'],
  leftLabel: string,
  rightLabel: string,
  leftRto: number | null,
  rightRto: number | null,
  rows: ComparisonRow[],
): Comparison {
  return { mode, leftLabel, rightLabel, leftRto, rightRto, rows, regressions: rows.filter((r) => r.regression).length };
}
