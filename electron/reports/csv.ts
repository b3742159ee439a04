import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { CsvReport } from '../contract/exports.js';
import { OPERATION_TYPE_LABELS, rtoVerdict, targetFor, vmDuration } from '../contract/evidence.js';
import type { DrOperation } from '../contract/model.js';
import { ZonedTimeFormatter } from './timeFormat.js';

export type Cell = string | number | null;

export interface CsvContext {
  groupNames: Record<string, string>;
  /** The connection's RTO target and per-group overrides, in seconds. */
  rtoTargetSeconds: number | null;
  rtoTargetsByGroup: Record<string, number>;
  /** IANA zone for the local-time columns (`UTC` for UTC). */
  timeZone: string;
  /** The moment running operations are judged at: the data's fetch time, as on screen. */
  asOf: number;
  /** The scope in words ("Finance Tier 1 · last 30 days · 51 of 300 operations"), written in every row. */
  scopeText?: string;
}

export interface CsvWriteOptions {
  delimiter: ',' | ';' | '\t';
  bom: boolean;
}

const COLUMNS: Record<CsvReport, readonly string[]> = {
  operations: [
    'job_id',
    'dr_group_id',
    'dr_group',
    'operation_type',
    'operation_type_source',
    'vm_count',
    'vms_recovered',
    'status',
    'start_time',
    'end_time',
    'time_zone',
    'start_epoch',
    'end_epoch',
    'duration_seconds',
    'rto_seconds',
    'rto_target_seconds',
    'rto_result',
    'failed_phases',
    'running_phases',
    'scope',
  ],
  'vm-runs': [
    'job_id',
    'dr_group_id',
    'dr_group',
    'replication_id',
    'client_id',
    'vm',
    'status',
    'start_time',
    'end_time',
    'time_zone',
    'start_epoch',
    'end_epoch',
    'duration_seconds',
    'phase_count',
    'failed_phases',
    'scope',
  ],
  phases: [
    'job_id',
    'dr_group',
    'replication_id',
    'vm',
    'phase_code',
    'phase',
    'status',
    'raw_status',
    'start_time',
    'end_time',
    'time_zone',
    'start_epoch',
    'end_epoch',
    'duration_seconds',
    'machine',
    'child_job_id',
    'error_message',
    'scope',
  ],
};

export function reportColumns(report: CsvReport): readonly string[] {
  return COLUMNS[report];
}

/**
 * OWASP CSV injection: a text cell starting with `=`, `+`, `-`, `@`, tab, CR or LF would be read by a spreadsheet
 * as a formula, so it gets a leading apostrophe. Numbers stay numbers: they are never passed through here.
 */
export function neutralise(text: string): string {
  const first = text.charCodeAt(0);
  // = + - @ \t \r \n
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 || first === 10
    ? `'${text}`
    : text;
}

function text(value: string | null | undefined): Cell {
  return value === null || value === undefined || value === '' ? null : neutralise(value);
}

/** The rows of a report, one array per line, in column order. */
export function* reportRows(
  report: CsvReport,
  operations: readonly DrOperation[],
  context: CsvContext,
): Generator<Cell[]> {
  const time = new ZonedTimeFormatter(context.timeZone);
  const at = (epoch: number | null): Cell => (epoch === null ? null : time.format(epoch));
  const zone = context.timeZone;
  // Last in every row: a sheet cut out of the file still says which operations it was drawn from.
  const scope = text(context.scopeText);
  for (const op of operations) {
    const group = text(op.drGroupId === null ? null : (context.groupNames[String(op.drGroupId)] ?? null));
    if (report === 'operations') {
      const verdict = rtoVerdict(op, targetFor(op, context), context.asOf);
      yield [
        op.jobId,
        op.drGroupId,
        group,
        OPERATION_TYPE_LABELS[op.operationType],
        op.operationTypeSource,
        op.vms.length,
        verdict.recovered,
        op.status,
        at(op.start),
        at(op.end),
        zone,
        op.start,
        op.end,
        op.duration,
        op.rto,
        verdict.target,
        verdict.label,
        op.failedPhases,
        op.runningPhases,
        scope,
      ];
      continue;
    }
    for (const vm of op.vms) {
      const name = text(vm.client.name);
      if (report === 'vm-runs') {
        yield [
          op.jobId,
          op.drGroupId,
          group,
          vm.replicationId,
          vm.client.id,
          name,
          vm.status,
          at(vm.start),
          at(vm.end),
          zone,
          vm.start,
          vm.end,
          vmDuration(vm),
          vm.phases.length,
          vm.failedPhases,
          scope,
        ];
        continue;
      }
      for (const p of vm.phases) {
        yield [
          op.jobId,
          group,
          vm.replicationId,
          name,
          p.code,
          text(p.name),
          p.status,
          p.rawStatus,
          at(p.start),
          at(p.end),
          zone,
          p.start,
          p.end,
          p.duration,
          text(p.machine),
          p.childJobId,
          text(p.errorMessage),
          scope,
        ];
      }
    }
  }
}

function stringifyOptions(options: CsvWriteOptions, columns: readonly string[]) {
  return {
    delimiter: options.delimiter,
    bom: options.bom,
    header: true,
    columns: [...columns],
    // Text is always quoted (Excel then never re-interprets it); numbers are written bare and stay numbers.
    quoted_string: true,
    record_delimiter: 'windows' as const,
  };
}

/** A whole report as one string (small exports, tests). */
export function reportCsv(
  report: CsvReport,
  operations: readonly DrOperation[],
  context: CsvContext,
  options: CsvWriteOptions,
): string {
  return stringifySync([...reportRows(report, operations, context)], stringifyOptions(options, reportColumns(report)));
}

/** Streams a report to `out`, telling `onProgress` every few thousand rows; resolves with the rows written. */
export async function writeReportCsv(
  report: CsvReport,
  operations: readonly DrOperation[],
  context: CsvContext,
  options: CsvWriteOptions,
  out: Writable,
  onProgress?: (rows: number) => void,
): Promise<number> {
  const stringifier = stringify(stringifyOptions(options, reportColumns(report)));
  const done = new Promise<void>((resolve, reject) => {
    stringifier.on('error', reject);
    out.on('error', reject);
    out.on('finish', () => resolve());
  });
  stringifier.pipe(out);
  let rows = 0;
  for (const row of reportRows(report, operations, context)) {
    if (!stringifier.write(row)) await new Promise((resolve) => stringifier.once('drain', resolve));
    if (++rows % 5000 === 0) onProgress?.(rows);
  }
  stringifier.end();
  await done;
  onProgress?.(rows);
  return rows;
}

/** `;` where the locale writes decimals with a comma (Excel there expects it), `,` elsewhere. */
export function defaultDelimiter(locale: string): ',' | ';' {
  try {
    const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
    return decimal === ',' ? ';' : ',';
  } catch {
    return ',';
  }
}

/** A file name that works on Windows, macOS and Linux. */
export function safeFileName(name: string): string {
  // Path separators, characters Windows forbids, and control characters all become dashes.
  const cleaned = [...name].map((c) => (c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? '-' : c)).join('');
  return cleaned.replace(/-+/g, '-').replace(/\s+/g, ' ').trim().slice(0, 120) || 'export';
}
