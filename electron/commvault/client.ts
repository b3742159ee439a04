import type { DrGroup, DrGroupDetail, JobStatsEndpoint, JobStatsFilter } from '../contract/model.js';
import { getDrGroup, listDrGroups } from './drGroupsRequest.js';
import { WebServiceExchange, type ExchangeOptions, type RequestOptions } from './exchange.js';
import type { JobStatsReading } from './jobStatsIntake.js';
import { getJobStats, type JobStatsResult, type JobStatsTarget } from './jobStatsRequest.js';
import type { JobSummary } from './jobSummary.js';
import { getJobSummary } from './jobSummaryRequest.js';
import { getContinuousPairs, type ContinuousPair } from './continuousMonitorRequest.js';
import { getFailoverGroupDetail, type FailoverGroupDetail } from './failoverGroupDetailRequest.js';
import { listFailoverGroups, type FailoverGroupSummary } from './failoverGroupsRequest.js';
import { getReplicationGroup, type ReplicationGroupDetail } from './replicationGroupRequest.js';
import { getReplicationMonitor, type ReplicationMonitor } from './replicationMonitorRequest.js';
import { getStreamingPairs, type StreamingPair } from './streamingMonitorRequest.js';
import { getTestFailoverMachines, type TestFailoverMachine } from './testFailoverMachinesRequest.js';
import { httpError, isSuccess } from './responses.js';
import { CommvaultSession, type Credentials, type SessionOptions, type SignInResult } from './session.js';
import { parseWebServiceRoot } from './webServiceRoot.js';

export type { RequestOptions } from './exchange.js';
export type { JobStatsResult } from './jobStatsRequest.js';
export { jobStatsPath } from './jobStatsRequest.js';
export type { Credentials, SignInResult } from './session.js';
export type { ContinuousPair } from './continuousMonitorRequest.js';
export type { FailoverGroupDetail, PlanSchedule } from './failoverGroupDetailRequest.js';
export type { FailoverGroupSummary } from './failoverGroupsRequest.js';
export type { ReplicationGroupDetail } from './replicationGroupRequest.js';
export type { ReplicationMonitor } from './replicationMonitorRequest.js';
export type { StreamingPair } from './streamingMonitorRequest.js';
export type { TestFailoverMachine } from './testFailoverMachinesRequest.js';

export interface ClientOptions extends ExchangeOptions, SessionOptions {
  /** The web service root as typed; it is parsed and normalised here. */
  webService: string;
  /** Which JobStats path each server answers, shared between clients of the same server. */
  endpointMemory?: Map<string, JobStatsEndpoint>;
  /** Where JobStats answers are read (which are large enough for a worker thread); the defaults unless set. */
  jobStatsReading?: JobStatsReading;
}

/**
 * A Commvault web service client for one connection. It knows nothing about Electron or where tokens are kept:
 * `fetch` is injected and token changes are reported through `onTokenChange`. The work is done by the session
 * (token and renewal) and the endpoint requests; this is the one object the services hold.
 */
export class CommvaultClient {
  readonly root: string;
  readonly warnings: readonly string[];
  private readonly exchange: WebServiceExchange;
  private readonly session: CommvaultSession;
  private readonly jobStats: JobStatsTarget;

  constructor(options: ClientOptions) {
    const parsed = parseWebServiceRoot(options.webService);
    this.root = parsed.url;
    this.warnings = parsed.warnings;
    this.exchange = new WebServiceExchange(this.root, options);
    this.session = new CommvaultSession(this.exchange, options);
    this.jobStats = {
      session: this.session,
      root: this.root,
      format: options.format,
      endpointMemory: options.endpointMemory ?? new Map(),
      answerBytes: new Map(),
      ...(options.jobStatsReading ? { reading: options.jobStatsReading } : {}),
    };
  }

  get signedIn(): boolean {
    return this.session.signedIn;
  }

  /** `POST Login`. A wrong password arrives as HTTP 200 with `errList`, and becomes `bad-credentials`. */
  login(credentials: Credentials, request: RequestOptions = {}): Promise<SignInResult> {
    return this.session.login(credentials, request);
  }

  /** Uses a token the admin pasted (or one kept in the keychain) and checks it with `WhoAmI`. */
  useToken(pasted: string, request: RequestOptions = {}): Promise<SignInResult> {
    return this.session.useToken(pasted, request);
  }

  /** A cheap token check. */
  whoAmI(request: RequestOptions = {}): Promise<SignInResult> {
    return this.session.whoAmI(request);
  }

  /**
   * Reachability without signing in: an unauthenticated `WhoAmI` must get 401 from a Commvault web service. Network
   * and TLS problems surface as their typed errors; anything else says what answered instead.
   */
  async ping(request: RequestOptions = {}): Promise<string> {
    const raw = await this.exchange.send('POST', 'WhoAmI', request);
    if (raw.status === 401 || isSuccess(raw)) {
      return `The Commvault web service at ${this.root} answers.`;
    }
    throw httpError(raw, 'be reached as a Commvault web service');
  }

  /** `POST Logout` (plain-text reply). The local token is dropped even if the server cannot be reached. */
  logout(request: RequestOptions = {}): Promise<void> {
    return this.session.logout(request);
  }

  listDrGroups(request: RequestOptions = {}): Promise<DrGroup[]> {
    return listDrGroups(this.session, request);
  }

  getDrGroup(id: number, request: RequestOptions = {}): Promise<DrGroupDetail> {
    return getDrGroup(this.session, id, request);
  }

  /** See `getJobStats` in `jobStatsRequest.ts`: the path fallback, and the JSON answer read while it arrives. */
  getJobStats(filter: JobStatsFilter, request: RequestOptions = {}): Promise<JobStatsResult> {
    return getJobStats(this.jobStats, filter, request);
  }

  /** `GET Job/{jobId}`; undefined when the CommServe does not know the job. */
  getJobSummary(jobId: number, request: RequestOptions = {}): Promise<JobSummary | undefined> {
    return getJobSummary(this.session, jobId, request);
  }

  /** `GET V4/FailoverGroups` (the list nested once or twice). */
  listFailoverGroups(request: RequestOptions = {}): Promise<FailoverGroupSummary[]> {
    return listFailoverGroups(this.session, request);
  }

  /** `GET V4/FailoverGroups/{id}`. */
  getFailoverGroupDetail(id: number, request: RequestOptions = {}): Promise<FailoverGroupDetail> {
    return getFailoverGroupDetail(this.session, id, request);
  }

  /** `GET V4/FailoverGroups/{id}/TestFailoverMachines`. */
  getTestFailoverMachines(id: number, request: RequestOptions = {}): Promise<TestFailoverMachine[]> {
    return getTestFailoverMachines(this.session, id, request);
  }

  /** `GET V4/ReplicationGroup/{id}` (RPO target in minutes). */
  getReplicationGroup(id: number, request: RequestOptions = {}): Promise<ReplicationGroupDetail> {
    return getReplicationGroup(this.session, id, request);
  }

  /** `GET V4/ReplicationMonitor/{pairId}` (lag in seconds). */
  getReplicationMonitor(pairId: number, request: RequestOptions = {}): Promise<ReplicationMonitor> {
    return getReplicationMonitor(this.session, pairId, request);
  }

  /** `GET Replications/Monitors/streaming?vAppId=N`; every pair of the CommServe without a group. */
  getStreamingPairs(groupId: number | undefined, request: RequestOptions = {}): Promise<StreamingPair[]> {
    return getStreamingPairs(this.session, groupId, request);
  }

  /** `GET Replications/Monitors/continuous` (lag in minutes). */
  getContinuousPairs(request: RequestOptions = {}): Promise<ContinuousPair[]> {
    return getContinuousPairs(this.session, request);
  }
}
