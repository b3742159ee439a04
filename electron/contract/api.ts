import { z } from 'zod';
import { ConnectionProfileSchema, TestIntervalDaysSchema, TlsSettingSchema } from './connections.js';
import { ComparisonSchema, ComparisonThresholdSchema } from './compare.js';
import { AppErrorSchema, type Result } from './errors.js';
import { CsvOptionsSchema, CsvReportSchema, DataSourceSchema, SaveOutcomeSchema } from './exports.js';
import { RunSummarySchema } from './run.js';
import { ScopeSchema } from './scope.js';
import { UiStateSchema, UiUpdateSchema } from './ui.js';
import {
  FetchPreviewSchema,
  DrGroupDetailSchema,
  DrGroupSchema,
  DrOperationSchema,
  JobStatsEndpointSchema,
  JobStatsFilterSchema,
  ResponseFormatSchema,
} from './model.js';

/**
 * The one contract between the renderer and the main process. Each channel has a request and a result schema;
 * the preload (Electron IPC) and the browser mode (loopback HTTP) both carry exactly these, and the main side
 * validates every request and every result against them.
 */

const ConnectionIdSchema = z.object({ connectionId: z.string().min(1).max(64) });

export const KeychainStatusSchema = z.object({
  state: z.enum(['available', 'locked', 'none']),
  detail: z.string(),
});

export const SessionStatusSchema = z.object({
  connectionId: z.string(),
  signedIn: z.boolean(),
  userName: z.string().nullable(),
  keychain: KeychainStatusSchema,
  tokenKept: z.boolean(),
  passwordKept: z.boolean(),
});
export type SessionStatusView = z.infer<typeof SessionStatusSchema>;

/** A connection as the UI sees it: the profile plus what the root parser had to say about the address. */
export const ConnectionViewSchema = ConnectionProfileSchema.extend({
  warnings: z.array(z.string()),
  session: SessionStatusSchema,
});
export type ConnectionView = z.infer<typeof ConnectionViewSchema>;

export const ConnectionDraftSchema = z.object({
  /** Absent for a new connection. */
  id: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1, 'Give the connection a name').max(100),
  webService: z.string().trim().min(1, 'Enter the web service address').max(2048),
  format: ResponseFormatSchema,
  tls: TlsSettingSchema,
  rtoTargetMinutes: z.number().positive().max(100_000).nullable(),
  /** Absent: keep the connection's (a new one gets 90 days). */
  testIntervalDays: TestIntervalDaysSchema.optional(),
});
export type ConnectionDraft = z.input<typeof ConnectionDraftSchema>;

export const SignInRequestSchema = ConnectionIdSchema.extend({
  username: z.string().trim().min(1, 'Enter a user name').max(256),
  password: z.string().min(1, 'Enter a password').max(1024),
  domain: z.string().trim().max(256).default(''),
  staySignedIn: z.boolean(),
  rememberPassword: z.boolean(),
});

export const UseTokenRequestSchema = ConnectionIdSchema.extend({
  token: z.string().min(1, 'Paste a token').max(16_384),
  staySignedIn: z.boolean(),
});

export const FetchJobsRequestSchema = ConnectionIdSchema.extend({
  filter: JobStatsFilterSchema,
  /** Chosen by the renderer so it can cancel and match progress events. */
  requestId: z.string().min(1).max(64),
});

/** Operations to show, from a live fetch or a saved run: the screens do not care which. */
export const RunViewSchema = z.object({
  operations: z.array(DrOperationSchema),
  /** DR group names by id, so operations can be labelled without another request. */
  groupNames: z.record(z.string(), z.string()),
  fetchedAt: z.number(),
  endpoint: JobStatsEndpointSchema,
  format: ResponseFormatSchema,
  vmRunCount: z.number().int(),
  bytes: z.number().int(),
  /** The test intervals the data is judged by (a saved run keeps its own); null for runs saved before they existed. */
  testIntervals: z
    .object({ testIntervalDays: z.number().nullable(), testIntervalsByGroup: z.record(z.string(), z.number()) })
    .nullable(),
  /** What was asked of the CommServe (DR group, job, pair, client): stated with the scope. */
  fetchFilter: JobStatsFilterSchema,
  /** SHA-256 of the server's raw answer: what the evidence report cites, and what a saved run is checked against. */
  rawBodySha256: z.string(),
  /** The scope a saved run was saved with, in words; empty for a live fetch (its scope is the screen's). */
  savedScopeText: z.string(),
  /** Operations the CommServe returned before a saved run's scope was applied (its own count when not saved). */
  totalOperations: z.number().int(),
  /** RTO targets in seconds: the connection's, and per DR group overrides. */
  rtoTargetSeconds: z.number().nullable(),
  rtoTargetsByGroup: z.record(z.string(), z.number()),
  /** A saved run's own scope, so opening it shows the scope it was saved with (absent for a live fetch). */
  savedScope: ScopeSchema.optional(),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const FetchJobsResultSchema = RunViewSchema.extend({
  requestId: z.string(),
  /** Names this fetch in main, for saving it as a run or exporting it without sending it back. */
  fetchId: z.string(),
});
export type FetchJobsResult = z.infer<typeof FetchJobsResultSchema>;

export const OpenRunResultSchema = RunViewSchema.extend({ summary: RunSummarySchema });
export type OpenRunResult = z.infer<typeof OpenRunResultSchema>;

const RunIdSchema = z.object({ runId: z.string().min(1).max(64) });
const OperationRefSchema = z.object({ source: DataSourceSchema, jobId: z.number().int().positive() });
export const CompareRequestSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('runs'),
    left: DataSourceSchema,
    right: DataSourceSchema,
    threshold: ComparisonThresholdSchema,
  }),
  z.object({
    mode: z.literal('operations'),
    left: OperationRefSchema,
    right: OperationRefSchema,
    threshold: ComparisonThresholdSchema,
  }),
]);
export type CompareRequest = z.input<typeof CompareRequestSchema>;

export const ConnectionTestResultSchema = z.object({
  reachable: z.boolean(),
  message: z.string(),
  error: AppErrorSchema.nullable(),
});

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  dataDir: z.string(),
  platform: z.string(),
  /** Shown once when settings had to be reset; the damaged file's new name is in the message. */
  settingsProblem: z.string().nullable(),
  /** How often running jobs are fetched again while auto-refresh is on. */
  autoRefreshSeconds: z.number().int().positive(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const Empty = z.object({}).strict();

export const channels = {
  'app:info': { request: Empty, result: AppInfoSchema },
  'connections:list': { request: Empty, result: z.array(ConnectionViewSchema) },
  'connections:save': { request: ConnectionDraftSchema, result: ConnectionViewSchema },
  'connections:delete': { request: ConnectionIdSchema, result: Empty },
  'connections:test': { request: ConnectionIdSchema, result: ConnectionTestResultSchema },
  'session:signIn': { request: SignInRequestSchema, result: SessionStatusSchema },
  'session:useToken': { request: UseTokenRequestSchema, result: SessionStatusSchema },
  'session:signOut': { request: ConnectionIdSchema, result: SessionStatusSchema },
  'session:status': { request: ConnectionIdSchema, result: SessionStatusSchema },
  'groups:list': { request: ConnectionIdSchema, result: z.array(DrGroupSchema) },
  'groups:get': {
    request: ConnectionIdSchema.extend({ groupId: z.number().int().positive() }),
    result: DrGroupDetailSchema,
  },
  'jobs:fetch': { request: FetchJobsRequestSchema, result: FetchJobsResultSchema },
  'jobs:cancel': { request: z.object({ requestId: z.string().min(1).max(64) }), result: Empty },
  /** Fetches again every `autoRefreshSeconds` while any operation runs; results arrive as `jobs:refreshed`. */
  'jobs:watch': {
    request: FetchJobsRequestSchema.omit({ requestId: true }).extend({ watchId: z.string().min(1).max(64) }),
    result: Empty,
  },
  'jobs:unwatch': { request: z.object({ watchId: z.string().min(1).max(64) }), result: Empty },
  'connections:setGroupTarget': {
    request: ConnectionIdSchema.extend({
      groupId: z.number().int().positive(),
      minutes: z.number().positive().max(100_000).nullable(),
    }),
    result: ConnectionViewSchema,
  },
  /** A DR group's own test interval in days (null removes it: the connection's applies). */
  'connections:setGroupInterval': {
    request: ConnectionIdSchema.extend({
      groupId: z.number().int().positive(),
      days: TestIntervalDaysSchema.nullable(),
    }),
    result: ConnectionViewSchema,
  },
  'runs:list': { request: Empty, result: z.array(RunSummarySchema) },
  /** Saves the operations in `scope` (absent: everything fetched), stating the scope. Refused for stale data. */
  'runs:save': {
    request: z.object({
      fetchId: z.string().min(1).max(64),
      name: z.string().max(200),
      note: z.string().max(10_000).default(''),
      scope: ScopeSchema.optional(),
    }),
    result: RunSummarySchema,
  },
  'runs:open': { request: RunIdSchema, result: OpenRunResultSchema },
  'runs:update': {
    request: RunIdSchema.extend({ name: z.string().max(200).optional(), note: z.string().max(10_000).optional() }),
    result: RunSummarySchema,
  },
  'runs:delete': { request: RunIdSchema, result: Empty },
  'runs:exportFile': { request: RunIdSchema, result: SaveOutcomeSchema },
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
  /** The Jobs screen's sort, scope, columns and active connection, kept in the settings file across restarts. */
  'ui:get': { request: Empty, result: UiStateSchema },
  'ui:set': { request: UiUpdateSchema, result: Empty },
} as const;

export type Channel = keyof typeof channels;
export type ChannelRequest<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ChannelResult<C extends Channel> = z.output<(typeof channels)[C]['result']>;

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
