import { z } from 'zod';
import { ReportRecordSchema } from './report.js';
import { AppInfoSchema } from './appInfo.js';
import { AttestationDraftSchema, JobSignOffSchema } from './attestations.js';
import { AuditLogViewSchema } from './audit.js';
import { FindingSchema, FindingUpdateSchema } from './findings.js';
import { FinalizeOptionsSchema } from './pack.js';
import { PackVerdictSchema } from './verify.js';
import {
  ConnectionDraftSchema,
  ConnectionTestResultSchema,
  ConnectionViewSchema,
  RtoTargetMinutesSchema,
  TestIntervalDaysSchema,
} from './connections.js';
import { CompareRequestSchema, ComparisonSchema } from './compare.js';
import { AppErrorSchema, type Result } from './errors.js';
import {
  CsvOptionsSchema,
  CsvReportSchema,
  DataSourceSchema,
  ReportFileRequestSchema,
  SaveOutcomeSchema,
} from './exports.js';
import { ConnectionRefSchema, IdSchema, RunRefSchema } from './ids.js';
import { FetchJobsRequestSchema, FetchJobsResultSchema, OpenRunResultSchema } from './jobs.js';
import { DrGroupDetailSchema, DrGroupSchema, FetchPreviewSchema } from './model.js';
import { ReadinessReportSchema } from './readiness.js';
import { DefinitionComparisonSchema } from './definitionDiff.js';
import { RunSummarySchema } from './run.js';
import { ScopeSchema } from './scope.js';
import { SessionStatusSchema, SignInRequestSchema, UseTokenRequestSchema } from './sessions.js';
import { UiStateSchema, UiUpdateSchema } from './ui.js';

/**
 * The one contract between the renderer and the main process. Each channel has a request and a result schema;
 * the preload (Electron IPC) and the browser mode (loopback HTTP) both carry exactly these, and the main side
 * validates every request and every result against them.
 *
 * This file holds the channel and event tables; the schemas they name live with their domain (sessions,
 * connections, jobs, compare, exports, run, ui, appInfo), and every type is inferred from them.
 */

const Empty = z.object({}).strict();

export const channels = {
  'app:info': { request: Empty, result: AppInfoSchema },
  /** Every connection, or only the one with this name (any case): the headless export names its connection. */
  'connections:list': {
    request: z.object({ name: z.string().max(100).optional() }).strict(),
    result: z.array(ConnectionViewSchema),
  },
  'connections:save': { request: ConnectionDraftSchema, result: ConnectionViewSchema },
  'connections:delete': { request: ConnectionRefSchema, result: Empty },
  'connections:test': { request: ConnectionRefSchema, result: ConnectionTestResultSchema },
  'session:signIn': { request: SignInRequestSchema, result: SessionStatusSchema },
  'session:useToken': { request: UseTokenRequestSchema, result: SessionStatusSchema },
  'session:signOut': { request: ConnectionRefSchema, result: SessionStatusSchema },
  'session:status': { request: ConnectionRefSchema, result: SessionStatusSchema },
  'groups:list': { request: ConnectionRefSchema, result: z.array(DrGroupSchema) },
  'groups:get': {
    request: ConnectionRefSchema.extend({ groupId: z.number().int().positive() }),
    result: DrGroupDetailSchema,
  },
  'jobs:fetch': { request: FetchJobsRequestSchema, result: FetchJobsResultSchema },
  'jobs:cancel': { request: z.object({ requestId: IdSchema }), result: Empty },
  /** Fetches again every `autoRefreshSeconds` while any operation runs; results arrive as `jobs:refreshed`. */
  'jobs:watch': {
    request: FetchJobsRequestSchema.omit({ requestId: true }).extend({ watchId: IdSchema }),
    result: Empty,
  },
  'jobs:unwatch': { request: z.object({ watchId: IdSchema }), result: Empty },
  'connections:setGroupTarget': {
    request: ConnectionRefSchema.extend({
      groupId: z.number().int().positive(),
      minutes: RtoTargetMinutesSchema.nullable(),
    }),
    result: ConnectionViewSchema,
  },
  /** A DR group's own test interval in days (null removes it: the connection's applies). */
  'connections:setGroupInterval': {
    request: ConnectionRefSchema.extend({
      groupId: z.number().int().positive(),
      days: TestIntervalDaysSchema.nullable(),
    }),
    result: ConnectionViewSchema,
  },
  'runs:list': { request: Empty, result: z.array(RunSummarySchema) },
  /** Saves the operations in `scope` (absent: everything fetched), stating the scope. Refused for stale data. */
  'runs:save': {
    request: z.object({
      fetchId: IdSchema,
      name: z.string().max(200),
      note: z.string().max(10_000).default(''),
      scope: ScopeSchema.optional(),
    }),
    result: RunSummarySchema,
  },
  'runs:open': { request: RunRefSchema, result: OpenRunResultSchema },
  /**
   * A run file of a fresh live fetch in `scope`, written where the sink says (not added to the runs library);
   * `finalize`: as an evidence pack chained to this data folder's packs.
   */
  'runs:saveFile': {
    request: z.object({
      fetchId: IdSchema,
      name: z.string().max(200),
      note: z.string().max(10_000).default(''),
      scope: ScopeSchema.optional(),
      finalize: FinalizeOptionsSchema.optional(),
    }),
    result: SaveOutcomeSchema,
  },
  /** Finalizes a saved run as an evidence pack: frozen, chained, optionally signed, kept until its retention date. */
  'runs:finalize': { request: RunRefSchema.extend(FinalizeOptionsSchema.shape), result: RunSummarySchema },
  /** Checks a pack file's text as an auditor would (`dr-job-stats verify`). */
  'runs:verify': {
    request: z.object({
      text: z.string().max(512 * 1024 * 1024),
      publicKey: z
        .string()
        .max(16 * 1024)
        .optional(),
      previous: z
        .string()
        .max(512 * 1024 * 1024)
        .optional(),
    }),
    result: PackVerdictSchema,
  },
  'runs:update': {
    request: RunRefSchema.extend({ name: z.string().max(200).optional(), note: z.string().max(10_000).optional() }),
    result: RunSummarySchema,
  },
  /** An evidence pack before its retention date is deleted only when asked twice (`beforeRetention`). */
  'runs:delete': { request: RunRefSchema.extend({ beforeRetention: z.boolean().default(false) }), result: Empty },
  'runs:exportFile': { request: RunRefSchema, result: SaveOutcomeSchema },
  /** Desktop: main shows the open dialog. Browser mode: the page passes the file the user picked. */
  'runs:import': {
    request: z.object({
      content: z
        .string()
        .max(512 * 1024 * 1024)
        .optional(),
    }),
    result: z.object({ imported: RunSummarySchema.nullable() }),
  },
  /** The operations in `scope` (absent: everything fetched); every row and the file name state the scope. */
  'export:csv': {
    request: z.object({
      source: DataSourceSchema,
      report: CsvReportSchema,
      options: CsvOptionsSchema,
      scope: ScopeSchema.optional(),
    }),
    result: SaveOutcomeSchema,
  },
  /**
   * The evidence report of `scope` as one file (HTML, or PDF where the desktop app can print it): the same model and
   * component as the report screen, written where the sink says. The headless export's --report evidence.
   */
  'export:report': {
    request: ReportFileRequestSchema.extend({ source: DataSourceSchema, scope: ScopeSchema.optional() }),
    result: SaveOutcomeSchema,
  },
  'compare:run': { request: CompareRequestSchema, result: ComparisonSchema },
  'export:comparisonCsv': {
    request: z.object({ compare: CompareRequestSchema, options: CsvOptionsSchema }),
    result: SaveOutcomeSchema,
  },
  'export:png': {
    request: z.object({
      fileName: z.string().min(1).max(200),
      pngBase64: z
        .string()
        .min(1)
        .max(64 * 1024 * 1024),
    }),
    result: SaveOutcomeSchema,
  },
  /** Desktop only: the current window printed to PDF through Electron; the browser mode uses the browser's print. */
  'export:pdf': {
    request: z.object({
      fileName: z.string().min(1).max(200),
      /** The evidence report: portrait on this paper size. Absent: the window as it is, A4 landscape. */
      pageSize: z.enum(['A4', 'Letter']).optional(),
    }),
    result: SaveOutcomeSchema,
  },
  /** The sign-offs of the operations of a fetch or a run: each job's standing entry and its history. */
  'signoffs:list': {
    request: z.object({ source: DataSourceSchema }),
    result: z.object({ signOffs: z.array(JobSignOffSchema) }),
  },
  /** Records a sign-off (or an amendment, or a review) of one operation; append-only. */
  'signoffs:add': {
    request: z.object({ source: DataSourceSchema, draft: AttestationDraftSchema }),
    result: JobSignOffSchema,
  },
  /** What the evidence report puts on record beside the figures of `source` in `scope` (contract/report.ts). */
  'report:record': {
    request: z.object({ source: DataSourceSchema, scope: ScopeSchema.optional() }),
    result: ReportRecordSchema,
  },
  /** The findings of the operations in `scope` (closure looked for in everything held). */
  'findings:list': {
    request: z.object({ source: DataSourceSchema, scope: ScopeSchema.optional() }),
    result: z.object({ findings: z.array(FindingSchema) }),
  },
  /** Severity, owner, due date, a note, or an accepted risk (signed by a reviewer): appended to the finding. */
  'findings:update': {
    request: z.object({ source: DataSourceSchema, update: FindingUpdateSchema }),
    result: FindingSchema,
  },
  /** The local audit log, and whether its chain is whole. */
  'audit:list': { request: Empty, result: AuditLogViewSchema },
  /** The Jobs screen's sort, scope, columns and active connection, kept in the settings file across restarts. */
  'ui:get': { request: Empty, result: UiStateSchema },
  'ui:set': { request: UiUpdateSchema, result: Empty },
  /** Readiness between tests, read now from the CommServe: every DR group, or the one named. */
  'readiness:get': {
    request: ConnectionRefSchema.extend({ groupId: z.number().int().positive().optional() }),
    result: ReadinessReportSchema,
  },
  /** What changed in the DR groups' definitions (what was tested) between two runs or fetches. */
  'compare:definitions': {
    request: z.object({ left: DataSourceSchema, right: DataSourceSchema }),
    result: DefinitionComparisonSchema,
  },
} as const;

export type Channel = keyof typeof channels;
export type ChannelRequest<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ChannelResult<C extends Channel> = z.output<(typeof channels)[C]['result']>;

/**
 * What answers each channel: its request as the dispatcher checked it, its result. Each service declares the slice
 * of this table it answers (`HandlerSlice`); the core only puts the slices together, so a rule lives with its
 * service, never in the transport.
 */
export type ChannelHandlers = {
  [C in Channel]: (request: z.output<(typeof channels)[C]['request']>) => Promise<ChannelResult<C>>;
};
export type HandlerSlice<C extends Channel> = Pick<ChannelHandlers, C>;

/** Events pushed from main to the renderer, typed like the channels. */
export const events = {
  'jobs:progress': z.object({ requestId: z.string(), receivedBytes: z.number(), totalBytes: z.number().nullable() }),
  /** Once per JSON fetch: its first operations while the rest still arrives (no figures: see FetchPreview). */
  'jobs:preview': FetchPreviewSchema.extend({ requestId: z.string() }),
  'session:changed': SessionStatusSchema,
  /** Menu and keyboard-shortcut commands from the native menu. */
  'jobs:refreshed': z.object({
    watchId: z.string(),
    result: FetchJobsResultSchema.nullable(),
    error: AppErrorSchema.nullable(),
  }),
  'export:progress': z.object({ rows: z.number().int(), total: z.number().int() }),
  'app:command': z.object({
    command: z.enum([
      'show-overview',
      'show-jobs',
      'show-insights',
      'show-runs',
      'show-compare',
      'show-connections',
      'refresh',
      'toggle-utc',
    ]),
  }),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(channels, name);
}

/** What the renderer holds: the only way it talks to the main process, whatever the transport. */
/**
 * How much of a result main checks before it crosses. Results built from data that is already checked (the
 * JobStats normaliser is the validator for a fetch, a run file is checked when read) are checked by their envelope
 * only in the app: checking each of 100,000 phases again would cost as much as parsing the body. Tests check all.
 */
export type ResultChecking = 'full' | 'by-construction';

const operationsByConstruction = { operations: z.array(z.unknown()) };
export const resultEnvelopes: Partial<Record<Channel, z.ZodType>> = {
  'jobs:fetch': FetchJobsResultSchema.extend(operationsByConstruction),
  'runs:open': OpenRunResultSchema.extend(operationsByConstruction),
};
export const eventEnvelopes: Partial<Record<EventName, z.ZodType>> = {
  'jobs:refreshed': events['jobs:refreshed'].extend({
    result: FetchJobsResultSchema.extend(operationsByConstruction).nullable(),
  }),
};

export interface DrStatsApi {
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResult<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Browser mode only: fetch a file that main prepared (SaveOutcome `download`) and hand it to the browser. */
  download?(token: string, fileName: string): Promise<void>;
}
