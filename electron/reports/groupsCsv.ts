import {
  groupCompliance,
  groupCoverage,
  groupStatus,
  isRecoveryType,
  pairTestCleanups,
  testIntervalFor,
  type GroupCompliance,
} from '../contract/evidence.js';
import type { DrOperation } from '../contract/model.js';
import type { GroupReadiness } from '../contract/readiness.js';
import { textCell, type Cell } from './csvCells.js';
import type { CsvColumn } from './csvColumns.js';
import type { CsvContext } from './csvContext.js';

/** One DR group: where it stands in the data, and, read live, whether it is ready now. */
export interface GroupRow {
  groupId: number | null;
  group: Cell;
  compliance: GroupCompliance | null;
  readiness: GroupReadiness | null;
  readAt: number | null;
  status: string;
  coverage: ReturnType<typeof groupCoverage> | null;
  openTests: number;
  definitionSha256: string | null;
}

const NOT_READ = 'not read';

/** `--report groups`: one row per DR group (the groups CSV's columns; docs/evidence.md says what each means). */
export const GROUP_COLUMNS: readonly CsvColumn<GroupRow>[] = [
  { name: 'dr_group_id', value: (r) => r.groupId },
  { name: 'dr_group', value: (r) => r.group },
  { name: 'status', value: (r) => r.status },
  { name: 'last_test', value: (r, file) => file.at(r.compliance?.lastTest?.start ?? null) },
  { name: 'last_test_result', value: (r) => textCell(r.compliance?.lastTest?.verdict.label ?? 'none') },
  { name: 'last_successful_test', value: (r, file) => file.at(r.compliance?.lastSuccessfulTest?.start ?? null) },
  { name: 'days_since_success', value: (r) => r.compliance?.daysSinceSuccess ?? null },
  { name: 'test_interval_days', value: (r) => r.compliance?.intervalDays ?? null },
  { name: 'overdue', value: (r) => (r.compliance ? (r.compliance.overdue ? 'yes' : 'no') : 'yes') },
  { name: 'rto_target_seconds', value: (r) => r.compliance?.target ?? null },
  { name: 'rpo_target_seconds', value: (r) => r.readiness?.rpo.targetSeconds ?? null },
  { name: 'worst_lag_seconds', value: (r) => r.readiness?.rpo.worstLagSeconds ?? null },
  {
    name: 'rpo_met',
    value: (r) =>
      !r.readiness || r.readiness.rpo.targetSeconds === null || r.readiness.rpo.worstLagSeconds === null
        ? 'not known'
        : r.readiness.rpo.breach
          ? 'no'
          : 'yes',
  },
  {
    name: 'readiness',
    value: (r) => (r.readiness ? r.readiness.verdict.replace('-', ' ').replace('unknown', 'not judged') : NOT_READ),
  },
  {
    name: 'failing_checks',
    value: (r) =>
      textCell(
        r.readiness?.checks
          .filter((c) => c.state === 'fail')
          .map((c) => `${c.id}: ${c.value}`)
          .join('; ') ?? '',
      ),
  },
  { name: 'readiness_read_at', value: (r, file) => file.at(r.readAt) },
  { name: 'next_test', value: (r, file) => file.at(r.readiness?.nextTestBoot ?? null) },
  { name: 'next_planned_failover', value: (r, file) => file.at(r.readiness?.nextPlannedFailover ?? null) },
  { name: 'coverage', value: (r) => textCell(r.coverage ? `${r.coverage.proven} of ${r.coverage.total}` : NOT_READ) },
  {
    name: 'partially_proven',
    value: (r) => (r.coverage ? (r.coverage.partiallyProven ? 'yes' : 'no') : 'not known'),
  },
  { name: 'open_test_boots', value: (r) => r.openTests },
  { name: 'open_test_clones', value: (r) => r.readiness?.testClones.length ?? null },
  { name: 'definition_sha256', value: (r) => r.definitionSha256 ?? '' },
  { name: 'time_zone', value: (_, file) => file.zone },
  { name: 'scope', value: (_, file) => file.scope },
];

/**
 * The groups of the operations in scope (their last tests looked for in everything held, as on the overview), and the
 * groups readiness names that no fetched operation has (never tested). Readiness is read live for the file; a saved
 * run's groups have none ("not read").
 */
export function* groupRows(operations: readonly DrOperation[], context: CsvContext): Generator<GroupRow> {
  const history = context.history ?? operations;
  const intervals = context.intervals ?? null;
  const compliance = groupCompliance(
    operations,
    context,
    context.asOf,
    (id) => testIntervalFor(id, intervals),
    history,
  );
  const report = context.readiness ?? null;
  const seen = new Set(history.map((op) => op.drGroupId));
  const rows: GroupRow[] = [];
  const name = (id: number | null, fallback?: string) =>
    textCell(id === null ? 'No DR group' : (context.groupNames[String(id)] ?? fallback ?? `Group ${id}`));
  for (const c of compliance) {
    const readiness = c.groupId === null ? null : (report?.groups.find((g) => g.groupId === c.groupId) ?? null);
    rows.push(row(c.groupId, name(c.groupId, readiness?.name), c, readiness));
  }
  for (const g of report?.groups ?? [])
    if (!seen.has(g.groupId)) rows.push(row(g.groupId, name(g.groupId, g.name), null, g));
  rows.sort((a, b) => String(a.group).localeCompare(String(b.group)));
  yield* rows;

  function row(
    groupId: number | null,
    group: Cell,
    c: GroupCompliance | null,
    readiness: GroupReadiness | null,
  ): GroupRow {
    const ops = history.filter((op) => op.drGroupId === groupId);
    const members = readiness?.definition?.members.map((m) => m.name);
    const coverage = members && c ? groupCoverage(members, ops, c.target, c.intervalDays, context.asOf) : null;
    const status = c
      ? groupStatus(c, readiness, coverage).label
      : ops.some((op) => isRecoveryType(op.operationType))
        ? 'Overdue'
        : 'Overdue (never tested)';
    return {
      groupId,
      group,
      compliance: c,
      readiness,
      readAt: report?.readAt ?? null,
      status,
      coverage,
      openTests: pairTestCleanups(ops).filter((t) => t.cleanedUpBy === null).length,
      definitionSha256: groupId === null ? null : (context.definitions?.definitions[String(groupId)]?.sha256 ?? null),
    };
  }
}

/** Rows a groups report will have, for progress. */
export function groupRowCount(operations: readonly DrOperation[]): number {
  return new Set(operations.map((op) => op.drGroupId)).size;
}
