import { z } from 'zod';
import { IdSchema } from './ids.js';

/** The CSV reports: three of the operations in scope, their findings followed to closure, critical paths and forecasts. */
export const CsvReportSchema = z.enum([
  'operations',
  'vm-runs',
  'phases',
  'findings',
  'critical-path',
  'forecast',
  'groups',
]);
export type CsvReport = z.infer<typeof CsvReportSchema>;

/** The evidence report as a file: self-contained HTML (any shell), or PDF (the desktop app prints the HTML). */
export const ReportFormatSchema = z.enum(['html', 'pdf']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;
export const PaperSchema = z.enum(['A4', 'Letter']);

export const ReportFileRequestSchema = z.object({
  format: ReportFormatSchema,
  paper: PaperSchema.default('A4'),
  /** Times in UTC instead of the local time zone. */
  utc: z.boolean().default(false),
});

/** Excel's list separator differs by locale: a comma, a semicolon, or a tab. */
export const CsvDelimiterSchema = z.enum([',', ';', '\t']);
export type CsvDelimiter = z.infer<typeof CsvDelimiterSchema>;

export const CsvOptionsSchema = z.object({
  /** `,` `;` or tab; absent means: from the OS locale (`;` where the decimal separator is a comma). */
  delimiter: CsvDelimiterSchema.optional(),
  /** A UTF-8 byte-order mark, so Excel reads non-ASCII names correctly. On by default. */
  bom: z.boolean().default(true),
  /** Times in UTC instead of the local time zone. */
  utc: z.boolean().default(false),
});
export type CsvOptions = z.input<typeof CsvOptionsSchema>;
/** CSV options as the dispatcher hands them on: checked, defaults applied. */
export type CheckedCsvOptions = z.output<typeof CsvOptionsSchema>;

/**
 * Where exported data comes from: the live fetch held in main, a saved run, or the text of a run file (the headless
 * export's --from-run), which main checks as it checks an import. Never figures sent by the page.
 */
export const DataSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('live'), fetchId: IdSchema }),
  z.object({ kind: z.literal('saved'), runId: IdSchema }),
  z.object({
    kind: z.literal('run-file'),
    text: z.string().max(512 * 1024 * 1024),
  }),
]);
export type DataSource = z.infer<typeof DataSourceSchema>;

/** How a file left the app: written where the user chose (desktop), offered as a download (browser), or not. */
/** What a report written held: its rows and its scope in words (CSV exports say both). */
const Written = { rows: z.number().int().nonnegative().optional(), scopeText: z.string().optional() };
export const SaveOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), path: z.string(), bytes: z.number().int(), ...Written }),
  z.object({
    kind: z.literal('download'),
    token: z.string(),
    fileName: z.string(),
    bytes: z.number().int(),
    ...Written,
  }),
  z.object({ kind: z.literal('cancelled') }),
]);
export type SaveOutcome = z.infer<typeof SaveOutcomeSchema>;
