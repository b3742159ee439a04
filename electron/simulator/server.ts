import { X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleControl, isControlPath } from './admin.js';
import { SimulatorAuth } from './auth.js';
import { buildDataset, type Dataset } from './dataset.js';
import { isLocalProgramRequest } from './localRequest.js';
import { delay } from './delay.js';
import { sendFaultResponse } from './faultResponses.js';
import { ActiveFaults, FaultSchema, type Fault } from './faults.js';
import { XML_ROOTS, formatFor } from './reply.js';
import { sendJson, sendNotFoundPage, sendReply, streamJobList } from './respond.js';
import { answer, type RouteContext, type RouteRequest } from './routes.js';
import { isJsonOnly } from './drRoutes.js';
import { TokenStore } from './tokens.js';

export interface SimulatorOptions {
  seed?: number;
  groups?: number;
  vms?: number;
  jobs?: number;
  /** Operations still running at start-up (default about 2% of jobs, at least one). */
  running?: number;
  /** Epoch seconds treated as "now" at start-up (default: the current time). */
  anchor?: number;
  /** Simulated seconds per real second, so running jobs can be watched finishing quickly; 0 stops the clock (tests
   * move it with `advance`). */
  speed?: number;
  tokenTtlSeconds?: number;
  /** The clock tokens idle by, in milliseconds (tests move it instead of waiting; default the real one). */
  tokenClock?: () => number;
  /** Behave like an older CommServe: only `DRGroups/JobStats`, 404 for `DR/JobStats`. */
  oldPathsOnly?: boolean;
  /** Behave like a CommServe without `GET Job/{jobId}` (404): operation types must then be inferred. */
  noJobEndpoint?: boolean;
  /** Behave like a CommServe without `GET DRGroups/{id}` (404): groups come from `DRGroups` alone. */
  noGroupDetail?: boolean;
  user?: string;
  password?: string;
  /** Failed sign-ins in a row before the account is locked for `lockSeconds`. */
  lockAfter?: number;
  lockSeconds?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  host?: string;
  port?: number;
  /**
   * Turns on the `/__sim/*` control endpoints (faults, time, token expiry) for tools in another process; every
   * control request must carry this in `x-sim-secret`. Absent: there are no controls (the app's demo CommServe).
   */
  controlSecret?: string;
  /**
   * Answer only programs on this machine that name it by its loopback address (`localRequest.ts`), never a web
   * page: for the app's demo CommServe, whose well-known account any page could otherwise lock (failed sign-ins)
   * or, through a name that resolves to 127.0.0.1, sign in to. Off for the standalone simulator, which may listen
   * on another interface for curl on another machine.
   */
  localOnly?: boolean;
}

/** The web service roots a CommServe answers under; any other path gets the web server's own 404 page. */
const ROOTS = [/^\/commandcenter\/api\//i, /^\/webconsole\/api\//i, /^\/searchsvc\/cvwebservice\.svc\//i];

export interface SimulatorStats {
  requests: Record<string, number>;
}

/**
 * A Commvault web service stand-in, faithful to what the reference documents (including its quirks), over real
 * HTTP or HTTPS. Used by the demo connection, the tests and the benchmarks.
 */
export class CommvaultSimulator {
  readonly dataset: Dataset;
  readonly stats: SimulatorStats = { requests: {} };
  private readonly auth: SimulatorAuth;
  /** What the web service's routes answer from. */
  private readonly context: RouteContext;
  private readonly faults = new ActiveFaults();
  /** DR groups whose replication the `lagging` fault holds behind, in seconds. */
  private readonly lag = new Map<number, number>();
  private readonly localOnly: boolean;
  private readonly startedMs = Date.now();
  private readonly anchor: number;
  private offsetSeconds = 0;
  private server: Server | undefined;
  private readonly options: Required<
    Omit<SimulatorOptions, 'tls' | 'running' | 'anchor' | 'controlSecret' | 'tokenClock' | 'localOnly'>
  > &
    Pick<SimulatorOptions, 'tls' | 'controlSecret'>;

  constructor(options: SimulatorOptions = {}) {
    this.options = {
      seed: options.seed ?? 1,
      groups: options.groups ?? 5,
      vms: options.vms ?? 8,
      jobs: options.jobs ?? 200,
      speed: options.speed ?? 1,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 1800,
      oldPathsOnly: options.oldPathsOnly ?? false,
      noJobEndpoint: options.noJobEndpoint ?? false,
      noGroupDetail: options.noGroupDetail ?? false,
      user: options.user ?? 'demo',
      password: options.password ?? 'demo',
      lockAfter: options.lockAfter ?? 5,
      lockSeconds: options.lockSeconds ?? 900,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      tls: options.tls,
      ...(options.controlSecret ? { controlSecret: options.controlSecret } : {}),
    };
    this.localOnly = options.localOnly ?? false;
    this.anchor = options.anchor ?? Math.floor(Date.now() / 1000);
    this.auth = new SimulatorAuth(
      {
        user: this.options.user,
        password: this.options.password,
        lockAfter: this.options.lockAfter,
        lockSeconds: this.options.lockSeconds,
      },
      new TokenStore(this.options.tokenTtlSeconds, options.tokenClock),
    );
    this.dataset = buildDataset({
      seed: this.options.seed,
      groups: this.options.groups,
      vms: this.options.vms,
      jobs: this.options.jobs,
      anchor: this.anchor,
      ...(options.running !== undefined ? { running: options.running } : {}),
    });
    this.context = {
      dataset: this.dataset,
      auth: this.auth,
      missing: {
        oldPathsOnly: this.options.oldPathsOnly,
        noJobEndpoint: this.options.noJobEndpoint,
        noGroupDetail: this.options.noGroupDetail,
      },
      now: () => this.now(),
      lag: this.lag,
    };
  }

  static async start(options: SimulatorOptions = {}): Promise<CommvaultSimulator> {
    const simulator = new CommvaultSimulator(options);
    await simulator.listen();
    return simulator;
  }

  /** Simulated "now" in epoch seconds. */
  now(): number {
    return Math.floor(this.anchor + ((Date.now() - this.startedMs) / 1000) * this.options.speed + this.offsetSeconds);
  }

  /** Moves simulated time forward, so running operations progress without waiting. */
  advance(seconds: number): void {
    this.offsetSeconds += seconds;
  }

  /** The secret the control endpoints require, when they are on. */
  get controlSecret(): string | undefined {
    return this.options.controlSecret;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  get origin(): string {
    return `${this.options.tls ? 'https' : 'http'}://${this.options.host}:${this.port}`;
  }

  /** The Command Center style web service root. */
  get url(): string {
    return `${this.origin}/commandcenter/api`;
  }

  /** SHA-256 fingerprint of the served certificate (`AA:BB:…`), for pinning. */
  get fingerprint256(): string | undefined {
    return this.options.tls ? new X509Certificate(this.options.tls.cert).fingerprint256 : undefined;
  }

  setFault(fault: Fault): void {
    const checked = FaultSchema.parse(fault);
    if (checked.type === 'lagging')
      this.lag.set(checked.groupId ?? this.dataset.groups[0]!.vAppId, checked.lagSeconds ?? 86_400);
    else this.faults.add(checked);
  }

  clearFaults(): void {
    this.faults.clear();
    this.lag.clear();
  }

  /** Every issued token is now idle-expired (renewal still works). */
  expireTokens(): void {
    this.auth.expireAll();
  }

  /** Every token is forgotten (renewal fails too). */
  revokeTokens(): void {
    this.auth.revokeAll();
  }

  /** Every token this server ever issued (sign-ins and renewals), for tests that prove tokens never leak. */
  issuedTokens(): string[] {
    return this.auth.issued();
  }

  count(route: string): number {
    return this.stats.requests[route] ?? 0;
  }

  async listen(): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`Simulator error: ${(error as Error).message}`);
      });
    };
    this.server = this.options.tls ? createHttpsServer(this.options.tls, handler) : createHttpServer(handler);
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Before the body is read or anything counted: a refused page must not reach the sign-in's lock-out.
    if (this.localOnly && !isLocalProgramRequest(req, this.port))
      return sendJson(res, 403, { error: 'This demo web service answers only DR Job Stats on this machine.' });
    const url = new URL(req.url ?? '/', 'http://simulator');
    const body = await readRequestBody(req);
    if (isControlPath(url.pathname)) return handleControl(this, req, res, url.pathname, body);

    const prefix = ROOTS.find((root) => root.test(url.pathname));
    if (!prefix) return sendNotFoundPage(res);
    const route = url.pathname.replace(prefix, '').replace(/\/+$/, '');
    this.stats.requests[route] = (this.stats.requests[route] ?? 0) + 1;
    const format = isJsonOnly(route) ? 'json' : formatFor(req.headers.accept);
    const request: RouteRequest = {
      method: req.method ?? 'GET',
      route,
      query: url.searchParams,
      body,
      token: header(req, 'authtoken'),
    };

    const fault = this.faults.take(route);
    if (fault?.type === 'slow') await delay(fault.delayMs ?? 3000);
    // A damaged answer is made from the route alone: no filters, no body.
    const plain = () => answer(this.context, { ...request, query: new URLSearchParams(), body: '' });
    if (fault && (await sendFaultResponse(fault, format, req, res, plain))) return;

    const reply = answer(this.context, request);
    const stallMs = fault?.type === 'stall' ? (fault.delayMs ?? 3000) : 0;
    if ((!fault || stallMs) && format === 'json' && reply.status === 200 && reply.rootName === XML_ROOTS.jobStats)
      return streamJobList(res, (reply.body as { job: unknown[] }).job, stallMs);
    return sendReply(res, reply, format, fault);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readRequestBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
