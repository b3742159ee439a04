import { createHash } from 'node:crypto';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats';
import { JobStatsNormaliser } from '../../electron/commvault/normaliseJobStats';
import { toDrGroup, toDrGroupDetail } from '../../electron/commvault/normaliseDrGroups';
import { DrGroupsResponseSchema } from '../../electron/commvault/rawSchemas';
import { AppInfoSchema, type AppInfo } from '../../electron/contract/appInfo';
import { ConnectionViewSchema, type ConnectionView } from '../../electron/contract/connections';
import { OPERATION_TYPE_BY_CODE, classify } from '../../electron/contract/evidence';
import { FetchJobsResultSchema, type FetchJobsResult } from '../../electron/contract/jobs';
import type { DrGroup, DrGroupDetail, FetchPreview, JobStatsFilter } from '../../electron/contract/model';
import { RunSummarySchema, type RunSummary } from '../../electron/contract/run';
import { DEFAULT_UI_PREFS, type UiState } from '../../electron/contract/ui';
import { buildDataset, type Dataset } from '../../electron/simulator/dataset';
import { drGroupBody, drGroupsBody, jobStatsBody } from '../../electron/simulator/render';

/**
 * Data as main sends it, made the way main makes it: the simulator's data set, its JobStats and DRGroups answers,
 * the real normalisers, and the operation types the CommServe's job summaries name. Every value is checked against
 * the contract's schema, so a screen is never tested on data main could not send.
 */

/** The simulated "now": the data set's history lies before it, its running operations around it. */
export const NOW = 1_790_000_000;

export interface SimulatedCommServe {
  dataset: Dataset;
  groups: DrGroup[];
  groupDetail(id: number): DrGroupDetail | undefined;
  /** The app's fetch result for a filter, as of `at`. */
  fetch(filter?: JobStatsFilter, at?: number): Omit<FetchJobsResult, 'requestId' | 'fetchId'>;
  /** The first operations of that answer, as the streaming normaliser previews them. */
  preview(filter?: JobStatsFilter, at?: number): FetchPreview;
}

export function simulatedCommServe(
  options: { seed?: number; groups?: number; vms?: number; jobs?: number; running?: number } = {},
  targets: { rtoTargetSeconds?: number | null; rtoTargetsByGroup?: Record<string, number> } = {},
): SimulatedCommServe {
  const dataset = buildDataset({
    seed: options.seed ?? 7,
    groups: options.groups ?? 3,
    vms: options.vms ?? 3,
    jobs: options.jobs ?? 24,
    anchor: NOW,
    // The screens' figures below are pinned to phase durations drawn one by one, before groups had profiles.
    profiles: false,
    ...(options.running === undefined ? {} : { running: options.running }),
  });
  const raw = DrGroupsResponseSchema.parse(drGroupsBody(dataset)).vApp;
  const groups = raw.flatMap((g) => toDrGroup(g) ?? []).sort((a, b) => a.name.localeCompare(b.name));
  const groupNames = Object.fromEntries(groups.map((g) => [String(g.id), g.name]));
  const typeOf = new Map(dataset.operations.map((op) => [op.jobId, OPERATION_TYPE_BY_CODE[op.type]]));
  return {
    dataset,
    groups,
    groupDetail: (id) => {
      const detail = DrGroupsResponseSchema.parse(drGroupBody(dataset, id)).vApp[0];
      return detail && toDrGroupDetail(detail);
    },
    fetch: (filter = {}, at = NOW) => {
      const body = jobStatsBody(dataset, filter, at);
      const text = JSON.stringify(body);
      // Types as the job summaries name them (`GET Job/{id}`), as main looks them up after normalising.
      const operations = normaliseJobStats(body).map((op) => classify(op, typeOf.get(op.jobId)));
      return FetchJobsResultSchema.omit({ requestId: true, fetchId: true }).parse({
        operations,
        groupNames,
        fetchedAt: at,
        endpoint: 'DRGroups/JobStats',
        format: 'json',
        vmRunCount: operations.reduce((n, op) => n + op.vms.length, 0),
        bytes: text.length,
        rawBodySha256: createHash('sha256').update(text).digest('hex'),
        fetchFilter: filter,
        testIntervals: null,
        savedScopeText: '',
        totalOperations: operations.length,
        rtoTargetSeconds: targets.rtoTargetSeconds ?? null,
        rtoTargetsByGroup: targets.rtoTargetsByGroup ?? {},
      });
    },
    preview: (filter = {}, at = NOW) => {
      const normaliser = new JobStatsNormaliser();
      for (const entry of jobStatsBody(dataset, filter, at).job) normaliser.add(entry);
      return normaliser.preview();
    },
  };
}

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return AppInfoSchema.parse({
    name: 'DR Job Stats',
    version: '0.1.0-test',
    mode: 'browser',
    dataDir: '/home/admin/.config/dr-job-stats',
    platform: 'linux',
    user: 'admin',
    settingsProblem: null,
    autoRefreshSeconds: 15,
    ...overrides,
  });
}

type ConnectionInput = Partial<Omit<ConnectionView, 'session'>> & { session?: Partial<ConnectionView['session']> };

/** A connection as `connections:list` answers it; signed in as `admin` unless `session` says otherwise. */
export function connectionView(overrides: ConnectionInput = {}): ConnectionView {
  const id = overrides.id ?? 'prod';
  const { session, ...profile } = overrides;
  return ConnectionViewSchema.parse({
    id,
    name: 'Prod CommServe',
    webService: 'https://cs.example.com/commandcenter/api',
    warnings: [],
    ...profile,
    session: {
      connectionId: id,
      signedIn: true,
      userName: 'admin',
      keychain: { state: 'available', detail: 'Tokens are kept in the system keychain.' },
      tokenKept: false,
      passwordKept: false,
      ...session,
    },
  });
}

export function runSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return RunSummarySchema.parse({
    id: 'run-1',
    name: 'Q3 DR test',
    note: '',
    connectionName: 'Prod CommServe',
    webService: 'https://cs.example.com/commandcenter/api',
    fetchedAt: NOW - 3600,
    savedAt: NOW - 1800,
    operationCount: 12,
    vmRunCount: 30,
    failedOperations: 1,
    runningOperations: 0,
    bytes: 48_000,
    scopeText: 'all DR groups · all time · 12 of 12 operations',
    status: 'ok',
    problem: null,
    ...overrides,
  });
}

export function uiState(overrides: Partial<UiState> = {}): UiState {
  return { ...structuredClone(DEFAULT_UI_PREFS), activeConnectionId: null, ...overrides };
}
