import {
  continuousBody,
  failoverGroupBody,
  failoverGroupsBody,
  replicationGroupBody,
  replicationMonitorBody,
  streamingBody,
  syncJobSummaryBody,
  testFailoverMachinesBody,
  V4_NOT_FOUND,
  type LagOverrides,
} from './drReadiness.js';
import { XML_ROOTS, type Reply } from './reply.js';
import type { Route, RouteContext, SignedInCall } from './routes.js';

export type { LagOverrides } from './drReadiness.js';

const NO_LAG: LagOverrides = new Map();

/** A V4 answer (always JSON, see `isJsonOnly`), or the GenericResp 404 a V4 endpoint gives for an unknown id. */
function v4(body: Record<string, unknown> | undefined): Reply {
  return body ? { status: 200, body } : { status: 404, body: V4_NOT_FOUND, rootName: XML_ROOTS.generic };
}

/** V4 endpoints answer JSON whatever `Accept` asks for. */
export function isJsonOnly(route: string): boolean {
  return route.startsWith('V4/');
}

/** `Job/{id}` of a periodic pair's last synced backup job; undefined for any other job. */
export function syncJobReply(sim: RouteContext, jobId: number): Reply | undefined {
  const body = syncJobSummaryBody(sim.dataset, jobId, sim.now(), sim.lag ?? NO_LAG);
  return body && { status: 200, body, rootName: XML_ROOTS.job };
}

/** The failover-group and replication endpoints readiness reads; each can be missing (`not-found` fault). */
export const DR_READINESS_ROUTES: readonly Route<SignedInCall>[] = [
  { method: 'GET', pattern: /^V4\/FailoverGroups$/, answer: (sim) => v4(failoverGroupsBody(sim.dataset)) },
  {
    method: 'GET',
    pattern: /^V4\/FailoverGroups\/(\d+)$/,
    answer: (sim, { params }) => v4(failoverGroupBody(sim.dataset, Number(params[1]))),
  },
  {
    method: 'GET',
    pattern: /^V4\/FailoverGroups\/(\d+)\/TestFailoverMachines$/,
    answer: (sim, { params }) => v4(testFailoverMachinesBody(sim.dataset, Number(params[1]), sim.now())),
  },
  {
    method: 'GET',
    pattern: /^V4\/ReplicationGroup\/(\d+)$/,
    answer: (sim, { params }) => v4(replicationGroupBody(sim.dataset, Number(params[1]))),
  },
  {
    method: 'GET',
    pattern: /^V4\/ReplicationMonitor\/(\d+)$/,
    answer: (sim, { params }) =>
      v4(replicationMonitorBody(sim.dataset, Number(params[1]), sim.now(), sim.lag ?? NO_LAG)),
  },
  {
    method: 'GET',
    pattern: /^Replications\/Monitors\/streaming$/,
    answer: (sim, { request }) => ({
      status: 200,
      body: streamingBody(sim.dataset, request.query, sim.now()),
      rootName: XML_ROOTS.generic,
    }),
  },
  {
    method: 'GET',
    pattern: /^Replications\/Monitors\/continuous$/,
    answer: (sim) => ({
      status: 200,
      body: continuousBody(sim.dataset, sim.now(), sim.lag ?? NO_LAG),
      rootName: XML_ROOTS.generic,
    }),
  },
];
