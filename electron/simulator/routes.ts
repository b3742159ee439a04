import type { SimulatorAuth } from './auth.js';
import type { Dataset } from './dataset.js';
import { jobStatsReply } from './jobStats.js';
import { DR_READINESS_ROUTES, syncJobReply, type LagOverrides } from './drRoutes.js';
import { drGroupBody, drGroupsBody, jobSummaryBody } from './render.js';
import { METHOD_NOT_ALLOWED, NOT_FOUND, UNAUTHORIZED, XML_ROOTS, type Reply } from './reply.js';

/** A web service request, its route relative to the service root (`DRGroups/JobStats`). */
export interface RouteRequest {
  method: string;
  route: string;
  query: URLSearchParams;
  body: string;
  /** The `Authtoken` header. */
  token: string | undefined;
}

/** Endpoints an older or smaller CommServe lacks: they answer 404 there. */
export interface MissingEndpoints {
  oldPathsOnly: boolean;
  noJobEndpoint: boolean;
  noGroupDetail: boolean;
}

/** What the routes answer from: the simulator's data, its sessions, its clock and the endpoints it lacks. */
export interface RouteContext {
  readonly dataset: Dataset;
  readonly auth: SimulatorAuth;
  readonly missing: MissingEndpoints;
  now(): number;
  /** Replication lag the `lagging` fault forces on DR groups (absent: none). */
  readonly lag?: LagOverrides;
}

export interface Call {
  request: RouteRequest;
  /** The route's pattern matched against the request's route, for its ids. */
  params: RegExpExecArray;
}

export interface SignedInCall extends Call {
  user: string;
}

export interface Route<C extends Call> {
  method: 'GET' | 'POST' | 'ANY';
  pattern: RegExp;
  /** A CommServe started with this option has no such endpoint. */
  missingWhen?: keyof MissingEndpoints;
  answer: (sim: RouteContext, call: C) => Reply;
}

/** The only routes answered without a token. */
const SIGN_IN_ROUTES: readonly Route<Call>[] = [
  { method: 'POST', pattern: /^Login$/, answer: (sim, { request }) => sim.auth.login(request.body) },
  { method: 'POST', pattern: /^RenewLoginToken$/, answer: (sim, { request }) => sim.auth.renew(request.body) },
];

const SIGNED_IN_ROUTES: readonly Route<SignedInCall>[] = [
  { method: 'POST', pattern: /^Logout$/, answer: (sim, { request }) => sim.auth.logout(request.token) },
  { method: 'ANY', pattern: /^WhoAmI$/, answer: (sim, { user }) => sim.auth.whoAmI(user) },
  {
    method: 'GET',
    pattern: /^DRGroups$/,
    answer: (sim) => ({ status: 200, body: drGroupsBody(sim.dataset), rootName: XML_ROOTS.groups }),
  },
  {
    method: 'GET',
    pattern: /^DRGroups\/JobStats$/,
    answer: (sim, { request }) => jobStatsReply(sim.dataset, request.query, 'drGroupId', sim.now()),
  },
  {
    method: 'GET',
    pattern: /^DR\/JobStats$/,
    missingWhen: 'oldPathsOnly',
    answer: (sim, { request }) => jobStatsReply(sim.dataset, request.query, 'failoverGroupId', sim.now()),
  },
  {
    method: 'GET',
    pattern: /^DRGroups\/(\d+)$/,
    missingWhen: 'noGroupDetail',
    answer: (sim, { params }) => ({
      status: 200,
      body: drGroupBody(sim.dataset, Number(params[1])),
      rootName: XML_ROOTS.groups,
    }),
  },
  {
    method: 'GET',
    pattern: /^Job\/(\d+)$/,
    missingWhen: 'noJobEndpoint',
    answer: (sim, { params }) =>
      syncJobReply(sim, Number(params[1])) ?? {
        status: 200,
        body: jobSummaryBody(sim.dataset, Number(params[1]), sim.now()),
        rootName: XML_ROOTS.job,
      },
  },
  ...DR_READINESS_ROUTES,
];

/**
 * The web service's answer to a request. Everything but signing in needs a live token, checked before the route
 * is looked up (so an unknown route without one is 401); with one, an unknown route is 404 to a GET and 405 to
 * anything else, as a CommServe answers.
 */
export function answer(sim: RouteContext, request: RouteRequest): Reply {
  const signIn = find(SIGN_IN_ROUTES, sim, request);
  if (signIn) return signIn.route.answer(sim, { request, params: signIn.params });

  const user = sim.auth.userOf(request.token);
  if (!user) return UNAUTHORIZED;
  const found = find(SIGNED_IN_ROUTES, sim, request);
  if (found) return found.route.answer(sim, { request, params: found.params, user });
  return request.method === 'GET' ? NOT_FOUND : METHOD_NOT_ALLOWED;
}

function find<C extends Call>(
  routes: readonly Route<C>[],
  sim: RouteContext,
  request: RouteRequest,
): { route: Route<C>; params: RegExpExecArray } | undefined {
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== request.method) continue;
    if (route.missingWhen && sim.missing[route.missingWhen]) continue;
    const params = route.pattern.exec(request.route);
    if (params) return { route, params };
  }
  return undefined;
}
