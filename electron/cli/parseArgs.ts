import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppFailure, appError, type Result } from '../contract/errors.js';
import { CsvReportSchema, type CsvReport } from '../contract/exports.js';
import { parseFilterField, type JobStatsFilter, type JobStatsFilterField } from '../contract/model.js';
import type { Scope } from '../contract/scope.js';
import type { CsvDelimiter } from '../contract/exports.js';
import { localTimeZone } from '../contract/timeFormat.js';
import { defaultDataDir } from '../bridge/nodeCore.js';
import { scopeFromFlags } from './scopeFlags.js';
import { TOKEN_ENV } from './usage.js';

/** A live fetch through a saved connection, optionally kept as a run file too. */
export interface LiveSource {
  kind: 'connection';
  name: string;
  filter: JobStatsFilter;
  dataDir: string;
  /** `--init`: create the data folder if it does not exist (otherwise that is an error: a typo). */
  initDataDir: boolean;
  saveRun: string | undefined;
  /** `--finalize`: the saved run is an evidence pack (with its retention and, with --signing-key, signed). */
  finalize: { retentionDays: number | undefined; signingKey: string | undefined } | undefined;
}

/** Where the operations come from: a live fetch, or a saved run. */
export type ExportSource = LiveSource | { kind: 'run'; path: string };

/** `dr-job-stats export …` once its flags are checked. */
/** What the export writes: one of the CSV reports, or the evidence report (HTML, or PDF from the installed app). */
export type ExportReport = CsvReport | 'evidence';

export interface ExportOptions {
  report: ExportReport;
  out: string;
  /** The evidence report's paper. */
  paper: 'A4' | 'Letter';
  source: ExportSource;
  /** The delimiter asked for (absent: the locale's) and the byte-order mark. */
  write: { delimiter: CsvDelimiter | undefined; bom: boolean };
  /** Times in UTC (else the local zone), for the file's times and the scope's dates. */
  utc: boolean;
  scope: Scope;
  /** Some scope flag was given: a saved run is then narrowed further instead of kept in the scope it was saved with. */
  narrows: boolean;
}

export type ParsedExport = { kind: 'help' } | { kind: 'export'; options: ExportOptions };

const DELIMITER_NAMES = ['comma', 'semicolon', 'tab'] as const;
const DELIMITERS: Record<(typeof DELIMITER_NAMES)[number], CsvDelimiter> = { comma: ',', semicolon: ';', tab: '\t' };

const ONE_SOURCE = 'give either --connection NAME or --from-run FILE (one of them).';
const OUT_REQUIRED = '--out FILE is required (.csv for a CSV report; .html or .pdf for the evidence report).';

/** The contract's filter rule (one for the form, the client and here), worded with the flag the admin typed. */
function positiveId(flag: string, field: JobStatsFilterField) {
  return z
    .string()
    .refine((value) => value.trim() !== '' && !('message' in parseFilterField(field, value)), {
      error: (issue) => `--${flag} must be a whole number greater than 0 (got "${String(issue.input)}").`,
    })
    .transform(Number)
    .optional();
}

/**
 * The flags' values, checked. Only the first problem is reported, so the order of the keys is the order they are
 * checked in; the whole-object checks at the end run only once every flag is valid on its own.
 */
const ExportFlagsSchema = z
  .object({
    password: z.undefined({
      error: `passwords are not accepted on the command line; sign in once in the app with "Stay signed in", or set ${TOKEN_ENV}.`,
    }),
    report: z.enum([...CsvReportSchema.options, 'evidence'], {
      error: '--report must be operations, vm-runs, phases, findings, critical-path, forecast, groups or evidence.',
    }),
    out: z.string({ error: OUT_REQUIRED }).min(1, { error: OUT_REQUIRED }),
    paper: z.enum(['A4', 'Letter'], { error: '--paper must be A4 or Letter.' }).default('A4'),
    // An empty value counts as not given.
    source: z.object({ connection: z.string().optional(), fromRun: z.string().optional() }).transform((given, ctx) => {
      if (given.fromRun && !given.connection) return { kind: 'run' as const, path: given.fromRun };
      if (given.connection && !given.fromRun) return { kind: 'connection' as const, name: given.connection };
      ctx.addIssue({ code: 'custom', message: ONE_SOURCE });
      return z.NEVER;
    }),
    delimiter: z
      .enum(DELIMITER_NAMES, { error: '--delimiter must be comma, semicolon or tab.' })
      .transform((name) => DELIMITERS[name])
      .optional(),
    filter: z.object({
      jobId: positiveId('job-id', 'jobId'),
      drGroupId: positiveId('group-id', 'drGroupId'),
      replicationId: positiveId('replication-id', 'replicationId'),
      clientId: positiveId('client-id', 'clientId'),
    }),
    scope: z.object({
      range: z.string().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      status: z.string().optional(),
      type: z.string().optional(),
      rto: z.string().optional(),
      vm: z.string().optional(),
      search: z.string().optional(),
      groups: z.string().optional(),
    }),
    saveRun: z.string().optional(),
    finalize: z.boolean(),
    retentionDays: z
      .string()
      .regex(/^\d+$/, { error: '--retention-days must be a whole number of days.' })
      .transform(Number)
      .refine((days) => days >= 1 && days <= 30 * 365, { error: '--retention-days must be from 1 to 10950.' })
      .optional(),
    signingKey: z.string().optional(),
    dataDir: z.string().optional(),
    init: z.boolean(),
    bom: z.boolean(),
    utc: z.boolean(),
  })
  .transform((flags, ctx): ExportOptions => {
    // The scope's dates are days in the report's zone, as the file's times are.
    const timeZone = flags.utc ? 'UTC' : localTimeZone();
    let scope: Scope;
    try {
      scope = scopeFromFlags(flags.scope, timeZone);
    } catch (error) {
      if (!(error instanceof AppFailure)) throw error;
      ctx.addIssue({ code: 'custom', message: error.error.message });
      return z.NEVER;
    }
    // Only the ids given, so a saved run's filter holds no empty keys.
    const filter: JobStatsFilter = Object.fromEntries(
      Object.entries(flags.filter).filter(([, id]) => id !== undefined),
    );
    const saveRun = flags.saveRun || undefined;
    if ((flags.finalize || flags.retentionDays !== undefined || flags.signingKey) && !saveRun) {
      ctx.addIssue({ code: 'custom', message: '--finalize, --retention-days and --signing-key need --save-run FILE.' });
      return z.NEVER;
    }
    if ((flags.retentionDays !== undefined || flags.signingKey) && !flags.finalize) {
      ctx.addIssue({ code: 'custom', message: '--retention-days and --signing-key go with --finalize.' });
      return z.NEVER;
    }
    if (flags.source.kind === 'run' && (Object.keys(filter).length > 0 || saveRun)) {
      ctx.addIssue({ code: 'custom', message: '--from-run cannot be combined with filters or --save-run.' });
      return z.NEVER;
    }
    return {
      report: flags.report,
      out: flags.out,
      paper: flags.paper,
      source:
        flags.source.kind === 'run'
          ? flags.source
          : {
              ...flags.source,
              filter,
              dataDir: flags.dataDir ?? defaultDataDir(),
              initDataDir: flags.init,
              saveRun,
              finalize: flags.finalize
                ? { retentionDays: flags.retentionDays, signingKey: flags.signingKey }
                : undefined,
            },
      write: { delimiter: flags.delimiter, bom: flags.bom },
      utc: flags.utc,
      scope,
      narrows: Object.values(flags.scope).some((value) => value !== undefined),
    };
  });

/** Wrong usage: the export says why, with the usage text, and exits 2. */
const wrongUsage = (message: string) => ({ ok: false as const, error: appError('invalid-input', message) });

function readFlags(argv: string[]) {
  try {
    const { values, tokens } = parseArgs({
      args: argv,
      options: {
        connection: { type: 'string' },
        report: { type: 'string' },
        out: { type: 'string' },
        paper: { type: 'string' },
        'job-id': { type: 'string' },
        'group-id': { type: 'string' },
        'replication-id': { type: 'string' },
        'client-id': { type: 'string' },
        range: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        status: { type: 'string' },
        type: { type: 'string' },
        rto: { type: 'string' },
        vm: { type: 'string' },
        search: { type: 'string' },
        groups: { type: 'string' },
        'from-run': { type: 'string' },
        'save-run': { type: 'string' },
        finalize: { type: 'boolean', default: false },
        'retention-days': { type: 'string' },
        'signing-key': { type: 'string' },
        delimiter: { type: 'string' },
        'no-bom': { type: 'boolean', default: false },
        utc: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        init: { type: 'boolean', default: false },
        password: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      tokens: true,
    });
    // parseArgs keeps the last of a repeated flag: in a scheduled job that hides a mistake (two --report, two --out).
    const seen = new Set<string>();
    for (const token of tokens) {
      if (token.kind !== 'option') continue;
      if (seen.has(token.name)) return wrongUsage(`--${token.name} was given twice; give each flag once.`);
      seen.add(token.name);
    }
    return { ok: true as const, value: values };
  } catch (error) {
    // Node's own words for an unknown flag or a missing value, said like any other wrong usage.
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
      return wrongUsage(error.message);
    throw error;
  }
}

/**
 * The export's command line → its options, or an 'invalid-input' error saying what is wrong. `--help` wins over
 * everything else.
 */
export function parseExportArgs(argv: string[]): Result<ParsedExport> {
  const flags = readFlags(argv);
  if (!flags.ok) return flags;
  const values = flags.value;
  if (values.help) return { ok: true, value: { kind: 'help' } };
  const parsed = ExportFlagsSchema.safeParse({
    password: values.password,
    report: values.report,
    out: values.out,
    paper: values.paper,
    source: { connection: values.connection, fromRun: values['from-run'] },
    delimiter: values.delimiter,
    filter: {
      jobId: values['job-id'],
      drGroupId: values['group-id'],
      replicationId: values['replication-id'],
      clientId: values['client-id'],
    },
    scope: {
      range: values.range,
      from: values.from,
      to: values.to,
      status: values.status,
      type: values.type,
      rto: values.rto,
      vm: values.vm,
      search: values.search,
      groups: values.groups,
    },
    saveRun: values['save-run'],
    finalize: values.finalize,
    retentionDays: values['retention-days'],
    signingKey: values['signing-key'],
    dataDir: values['data-dir'],
    init: values.init,
    bom: !values['no-bom'],
    utc: values.utc,
  });
  if (!parsed.success) return wrongUsage(parsed.error.issues[0]?.message ?? 'wrong usage.');
  return { ok: true, value: { kind: 'export', options: parsed.data } };
}
