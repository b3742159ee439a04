import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { CsvDelimiter, CsvReport } from '../contract/exports.js';
import type { DrOperation } from '../contract/model.js';
import { reportColumns, reportRows } from './csvColumns.js';
import type { CsvContext } from './csvContext.js';

// Callers take every CSV piece from here; the cells, the columns and the context each have a file of their own.
export { neutralise, type Cell } from './csvCells.js';
export { reportColumns, reportRowCount, reportRows } from './csvColumns.js';
export { csvContextFor, reportTimeZone, type CsvContext } from './csvContext.js';

export type { CsvDelimiter } from '../contract/exports.js';

export interface CsvWriteOptions {
  delimiter: CsvDelimiter;
  bom: boolean;
}

/** How every CSV the app writes is written. */
export function csvStringifyOptions(options: CsvWriteOptions, columns: readonly string[]) {
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
  return stringifySync(
    [...reportRows(report, operations, context)],
    csvStringifyOptions(options, reportColumns(report)),
  );
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
  const stringifier = stringify(csvStringifyOptions(options, reportColumns(report)));
  const done = new Promise<void>((resolve, reject) => {
    stringifier.on('error', reject);
    out.on('error', reject);
    out.on('finish', () => resolve());
  });
  // Awaited below, and raced while waiting for room: a file that cannot be written (no folder, disk full) ends
  // the export with its error instead of leaving it waiting for a 'drain' that never comes.
  done.catch(() => undefined);
  stringifier.pipe(out);
  let rows = 0;
  try {
    for (const row of reportRows(report, operations, context)) {
      if (!stringifier.write(row)) await Promise.race([once(stringifier, 'drain'), done]);
      if (++rows % 5000 === 0) onProgress?.(rows);
    }
    stringifier.end();
    await done;
  } catch (error) {
    stringifier.destroy();
    throw error;
  }
  onProgress?.(rows);
  return rows;
}

/** `;` where the locale writes decimals with a comma (Excel there expects it), `,` elsewhere. */
export function defaultDelimiter(locale: string): CsvDelimiter {
  try {
    const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
    return decimal === ',' ? ';' : ',';
  } catch {
    return ',';
  }
}

/** The longest file name given (before its extension), in UTF-16 units: well inside every file system's limit. */
const MAX_FILE_NAME = 120;

/**
 * A file name that works on Windows, macOS and Linux. A long one loses its middle, never its end: the end is the
 * scope's count ("15 of 300"), and a cut through it ("15 of 3") would misstate the file's content.
 */
export function safeFileName(name: string): string {
  // Path separators, characters Windows forbids, and control characters all become dashes; a double quote (which
  // Windows forbids too) a single one, so `matching "fina"` still reads as a quotation.
  const cleaned = [...name]
    .map((c) => (c === '"' ? "'" : c.charCodeAt(0) < 32 || '\\/:*?<>|'.includes(c) ? '-' : c))
    .join('')
    .replace(/-+/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned ? shortenMiddle(cleaned, MAX_FILE_NAME) : 'export';
}

/** `text` in at most `max` UTF-16 units: its start and its end, joined by "…", never splitting a character. */
function shortenMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  const endLength = Math.floor((max - 1) * 0.4);
  const startLength = max - 1 - endLength;
  let start = '';
  for (const c of chars) {
    if (start.length + c.length > startLength) break;
    start += c;
  }
  let end = '';
  for (let i = chars.length - 1; i >= 0 && end.length + chars[i]!.length <= endLength; i--) end = chars[i]! + end;
  return `${start.trimEnd()}…${end.trimStart()}`;
}
