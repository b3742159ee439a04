import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildDataset, type Dataset } from './dataset.js';
import {
  FaultSchema,
  HTML_ERROR_PAGE,
  errorShapeBody,
  faultApplies,
  numbersAsStrings,
  oldJson,
  singleObjects,
  type Fault,
} from './faults.js';
import { drGroupBody, drGroupsBody, jobStatsBody, jobSummaryBody, type JobStatsQuery } from './render.js';
import { TokenStore } from './tokens.js';
import { toXml } from './xml.js';

export interface SimulatorOptions {
  seed?: number;
  groups?: number;
  vms?: number;
  jobs?: number;
  /** Operations still running at start-up (default about 2% of jobs, at least one). */
  running?: number;
  /** Epoch seconds treated as "now" at start-up (default: the current time). */
  anchor?: number;
  /** Simulated seconds per real second, so running jobs can be watched finishing quickly. */
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
}

type Format = 'json' | 'xml';

interface Reply {
  status: number;
  /** An object is serialised as JSON or XML by `Accept`; a string is sent as plain text. */
  body: Record<string, unknown> | string;
  rootName?: string;
}

const ROOTS = [/^\/commandcenter\/api\//i, /^\/webconsole\/api\//i, /^\/searchsvc\/cvwebservice\.svc\//i];

const XML_ROOTS = {
  login: 'DM2ContentIndexing_CheckCredentialResp',
  jobStats: 'Api_VirtualAppJobDetailsResp',
  groups: 'App_GetVirtualAppResp',
  whoAmI: 'App_WhoAmIResp',
  job: 'JobManager_JobListResponse',
  generic: 'CVGui_GenericResp',
} as const;

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
  private readonly tokens: TokenStore;
  private readonly everIssued = new Set<string>();
  private faults: (Fault & { remaining: number })[] = [];
  private readonly failedLogins = new Map<string, { count: number; lockedUntilMs: number }>();
  private readonly startedMs = Date.now();
  private readonly anchor: number;
  private offsetSeconds = 0;
  private server: Server | undefined;
  private readonly options: Required<
    Omit<SimulatorOptions, 'tls' | 'running' | 'anchor' | 'controlSecret' | 'tokenClock'>
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
    this.anchor = options.anchor ?? Math.floor(Date.now() / 1000);
    this.tokens = new TokenStore(this.options.tokenTtlSeconds, options.tokenClock);
    this.dataset = buildDataset({
      seed: this.options.seed,
      groups: this.options.groups,
      vms: this.options.vms,
      jobs: this.options.jobs,
      anchor: this.anchor,
      ...(options.running !== undefined ? { running: options.running } : {}),
    });
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
    this.faults.push({ ...checked, remaining: checked.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Every issued token is now idle-expired (renewal still works). */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  /** Every token is forgotten (renewal fails too). */
  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  /** Every token this server ever issued (sign-ins and renewals), for tests that prove tokens never leak. */
  issuedTokens(): string[] {
    return [...this.everIssued];
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

  private takeFault(route: string): Fault | undefined {
    const index = this.faults.findIndex((f) => faultApplies(f, route));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const requestBody = await readRequestBody(req);
    if (url.pathname.startsWith('/__sim/')) {
      if (!this.options.controlSecret) return sendHtml(res, 404, '404 - File or directory not found.');
      if (!this.controlAllowed(req)) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'simulator controls need the per-start secret, from this machine' }));
        return;
      }
      return this.admin(req.method ?? 'GET', url.pathname, requestBody, res);
    }

    const prefix = ROOTS.find((root) => root.test(url.pathname));
    if (!prefix) return sendHtml(res, 404, '404 - File or directory not found.');
    const route = url.pathname.replace(prefix, '').replace(/\/+$/, '');
    this.stats.requests[route] = (this.stats.requests[route] ?? 0) + 1;
    const format: Format = /xml/i.test(req.headers.accept ?? '') ? 'xml' : 'json';

    const fault = this.takeFault(route);
    if (fault?.type === 'slow') await delay(fault.delayMs ?? 3000);
    if (fault && (await this.transportFault(fault, format, route, req, res))) return;

    const reply = this.dispatch(req.method ?? 'GET', route, url.searchParams, requestBody, req);
    const stallMs = fault?.type === 'stall' ? (fault.delayMs ?? 3000) : 0;
    if ((!fault || stallMs) && format === 'json' && reply.status === 200 && reply.rootName === XML_ROOTS.jobStats)
      return streamJobList(res, (reply.body as { job: unknown[] }).job, stallMs);
    return sendReply(res, reply, format, fault);
  }

  /** Faults that replace the response entirely; true when the response was handled. */
  private async transportFault(
    fault: Fault,
    format: Format,
    route: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    const shape = errorShapeBody(fault.type);
    if (shape) {
      sendReply(res, { status: 200, body: shape, rootName: XML_ROOTS.generic }, format);
      return true;
    }
    switch (fault.type) {
      case 'http-500':
        sendReply(
          res,
          {
            status: 500,
            body: { errorCode: 500, errorMessage: 'Internal server error while processing the request.' },
            rootName: XML_ROOTS.generic,
          },
          format,
        );
        return true;
      case 'html':
        res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
        res.end(HTML_ERROR_PAGE);
        return true;
      case 'not-found':
        sendHtml(res, 404, '404 - File or directory not found.');
        return true;
      case 'unauthorized':
        sendText(res, 401, 'Unauthorized');
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'malformed':
        res.writeHead(200, { 'content-type': `application/${format}` });
        res.end(
          format === 'json'
            ? '{"job": [{"jobId": 2416,, "replicationId": 22, "phase": [{"phase": 15 "status": 0}]}]}'
            : `<${XML_ROOTS.jobStats}><job jobId="2416"><phase phase="15" status=0 /></job></${XML_ROOTS.jobStats}>`,
        );
        return true;
      case 'truncated': {
        const reply = this.dispatch(req.method ?? 'GET', route, new URLSearchParams(), '', req);
        const text = serialise(reply, format);
        // Chunked and ended cleanly: the HTTP framing is fine, the document is cut in half.
        res.writeHead(200, { 'content-type': `application/${format}; charset=utf-8` });
        res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        return true;
      }
      case 'huge':
        await streamHuge(res, format, (fault.sizeMb ?? 300) * 1024 * 1024);
        return true;
      default:
        return false;
    }
  }

  private dispatch(method: string, route: string, query: URLSearchParams, body: string, req: IncomingMessage): Reply {
    if (route === 'Login' && method === 'POST') return this.login(body);
    if (route === 'RenewLoginToken' && method === 'POST') return this.renew(body);

    const token = header(req, 'authtoken');
    const user = this.tokens.use(token);
    if (!user) return { status: 401, body: 'Unauthorized' };

    if (route === 'Logout' && method === 'POST') {
      this.tokens.revoke(token);
      return { status: 200, body: 'User logged out' };
    }
    if (route === 'WhoAmI')
      return { status: 200, body: { user: { userName: user, userId: 1 } }, rootName: XML_ROOTS.whoAmI };
    if (method !== 'GET') return { status: 405, body: 'Method Not Allowed' };
    if (route === 'DRGroups') return { status: 200, body: drGroupsBody(this.dataset), rootName: XML_ROOTS.groups };
    if (route === 'DRGroups/JobStats' || route === 'DR/JobStats') {
      if (route === 'DR/JobStats' && this.options.oldPathsOnly) return { status: 404, body: '404 - Not Found' };
      return this.jobStats(query, route === 'DR/JobStats' ? 'failoverGroupId' : 'drGroupId');
    }
    const group = /^DRGroups\/(\d+)$/.exec(route);
    if (group && !this.options.noGroupDetail) {
      return { status: 200, body: drGroupBody(this.dataset, Number(group[1])), rootName: XML_ROOTS.groups };
    }
    const job = /^Job\/(\d+)$/.exec(route);
    if (job && !this.options.noJobEndpoint) {
      return { status: 200, body: jobSummaryBody(this.dataset, Number(job[1]), this.now()), rootName: XML_ROOTS.job };
    }
    return { status: 404, body: '404 - Not Found' };
  }

  private jobStats(params: URLSearchParams, groupParam: string): Reply {
    const query: JobStatsQuery = {};
    const names: [keyof JobStatsQuery, string][] = [
      ['jobId', 'jobId'],
      ['drGroupId', groupParam],
      ['replicationId', 'replicationId'],
      ['clientId', 'clientId'],
    ];
    for (const [key, name] of names) {
      const value = params.get(name);
      if (value === null || value === '') continue;
      if (!/^\d+$/.test(value)) {
        return {
          status: 400,
          body: { errorCode: 2, errorMessage: `Invalid value for parameter [${name}].` },
          rootName: XML_ROOTS.generic,
        };
      }
      query[key] = Number(value);
    }
    return { status: 200, body: jobStatsBody(this.dataset, query, this.now()), rootName: XML_ROOTS.jobStats };
  }

  private login(body: string): Reply {
    let request: { username?: unknown; password?: unknown; deviceId?: unknown; timeout?: unknown };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      return {
        status: 400,
        body: { errorCode: 2, errorMessage: 'Invalid login request.' },
        rootName: XML_ROOTS.generic,
      };
    }
    const username = typeof request.username === 'string' ? request.username : '';
    const password =
      typeof request.password === 'string' ? Buffer.from(request.password, 'base64').toString('utf8') : '';
    const record = this.failedLogins.get(username.toLowerCase()) ?? { count: 0, lockedUntilMs: 0 };
    if (record.lockedUntilMs > Date.now()) {
      return {
        status: 200,
        body: {
          isAccountLocked: true,
          remainingLockTime: Math.ceil((record.lockedUntilMs - Date.now()) / 1000),
          errList: [{ errorCode: 1116, errLogMessage: 'User account is locked. Please contact your administrator.' }],
        },
        rootName: XML_ROOTS.login,
      };
    }
    if (username.toLowerCase() !== this.options.user.toLowerCase() || password !== this.options.password) {
      record.count += 1;
      if (record.count >= this.options.lockAfter) {
        record.lockedUntilMs = Date.now() + this.options.lockSeconds * 1000;
        record.count = 0;
      }
      this.failedLogins.set(username.toLowerCase(), record);
      return {
        status: 200,
        body: { errList: [{ errorCode: 5, errLogMessage: 'Invalid Username or Password' }] },
        rootName: XML_ROOTS.login,
      };
    }
    this.failedLogins.delete(username.toLowerCase());
    const minutes = typeof request.timeout === 'number' && request.timeout > 0 ? request.timeout : undefined;
    const deviceId = typeof request.deviceId === 'string' ? request.deviceId : '';
    const token = this.tokens.issue(this.options.user, deviceId, minutes ? minutes * 60 : undefined);
    this.everIssued.add(token);
    return {
      status: 200,
      body: {
        aliasName: '1',
        userGUID: 'B1C5C3B0-8E0A-4F39-9A64-6F0A5C1D2E7F',
        loginAttempts: 0,
        remainingLockTime: 0,
        smtpAddress: 'demo@example.com',
        userName: this.options.user,
        providerType: 1,
        ccn: 0,
        token,
        capability: 9663676416,
        forcePasswordChange: false,
        isAccountLocked: false,
        providerOrganization: { providerDomainName: 'Commcell', providerId: 0 },
        errList: [],
      },
      rootName: XML_ROOTS.login,
    };
  }

  private renew(body: string): Reply {
    let request: { sessionId?: unknown; deviceId?: unknown } = {};
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      // handled below as a failed renewal
    }
    const token =
      typeof request.sessionId === 'string' && typeof request.deviceId === 'string'
        ? this.tokens.renew(request.sessionId, request.deviceId)
        : undefined;
    if (token) this.everIssued.add(token);
    if (!token) {
      return {
        status: 200,
        body: { error: { errorCode: 5, errLogMessage: 'Failed to renew the login token: the session is not valid.' } },
        rootName: XML_ROOTS.login,
      };
    }
    return { status: 200, body: { token }, rootName: XML_ROOTS.login };
  }

  /**
   * The controls answer only a local tool that knows the secret: the right Host (no DNS rebinding), no browser
   * Origin (a web page's no-cors POST carries one), and the secret compared in constant time.
   */
  private controlAllowed(req: IncomingMessage): boolean {
    const port = this.port;
    const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
    if (!hosts.has(req.headers.host ?? '') || req.headers.origin !== undefined) return false;
    const given = Buffer.from(String(req.headers['x-sim-secret'] ?? ''));
    const expected = Buffer.from(this.options.controlSecret ?? '');
    return expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected);
  }

  private admin(method: string, path: string, body: string, res: ServerResponse): void {
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    try {
      if (path === '/__sim/faults' && method === 'POST') this.setFault(JSON.parse(body) as Fault);
      else if (path === '/__sim/faults' && method === 'DELETE') this.clearFaults();
      else if (path === '/__sim/expire-tokens' && method === 'POST') this.expireTokens();
      else if (path === '/__sim/revoke-tokens' && method === 'POST') this.revokeTokens();
      else if (path === '/__sim/advance' && method === 'POST')
        this.advance(Number((JSON.parse(body) as { seconds: number }).seconds));
      else if (path === '/__sim/stats' && method === 'GET') return json(200, { ...this.stats, now: this.now() });
      else return json(404, { error: 'unknown simulator control' });
      json(200, { ok: true });
    } catch (error) {
      json(400, { error: (error as Error).message });
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function serialise(reply: Reply, format: Format, fault?: Fault): string {
  if (typeof reply.body === 'string') return reply.body;
  let body: unknown = reply.body;
  if (fault?.type === 'single-objects') body = singleObjects(body);
  if (fault?.type === 'strings') body = numbersAsStrings(body);
  if (format === 'xml') return toXml(reply.rootName ?? XML_ROOTS.generic, body as Record<string, unknown>);
  if (fault?.type === 'old-json') body = oldJson(reply.rootName ?? XML_ROOTS.generic, body);
  return JSON.stringify(body);
}

function sendReply(res: ServerResponse, reply: Reply, format: Format, fault?: Fault): void {
  const text = serialise(reply, format, fault);
  const type = typeof reply.body === 'string' ? 'text/plain' : `application/${format}`;
  res.writeHead(reply.status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * A JSON JobStats answer written as it is serialised, a batch of entries at a time (chunked, no length), as a
 * CommServe streams a large answer: the client can read the first entries while the rest is still being made.
 */
async function streamJobList(res: ServerResponse, entries: readonly unknown[], stallMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  await streamPieces(res, stallMs && entries.length > 1 ? stalledPieces(entries, stallMs) : jobListPieces(entries));
}

function* jobListPieces(entries: readonly unknown[], from = 0, to = entries.length): Generator<string> {
  const BATCH = 500;
  if (from === 0) yield '{"job":[';
  for (let at = from; at < to; at += BATCH) {
    const batch = JSON.stringify(entries.slice(at, Math.min(at + BATCH, to)));
    yield `${at === 0 ? '' : ','}${batch.slice(1, -1)}`;
  }
  if (to === entries.length) yield ']}';
}

/** A CommServe that sends half its answer, then stops for a while (a slow link, a busy server). */
async function* stalledPieces(entries: readonly unknown[], stallMs: number): AsyncGenerator<string> {
  const half = Math.ceil(entries.length / 2);
  yield* jobListPieces(entries, 0, half);
  await delay(stallMs);
  yield* jobListPieces(entries, half);
}

/** Writes pieces as the socket takes them, and stops when the client goes away (Node's `pipeline`). */
function streamPieces(res: ServerResponse, pieces: Iterable<string> | AsyncIterable<string>): Promise<void> {
  return pipeline(Readable.from(pieces), res).catch(() => undefined);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, title: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A body far larger than any client should accept, streamed without a length so the cap is hit mid-stream. */
async function streamHuge(res: ServerResponse, format: Format, bytes: number): Promise<void> {
  res.writeHead(200, { 'content-type': `application/${format}` });
  const entry =
    format === 'json'
      ? '{"jobId":1,"replicationId":1,"phase":[{"phase":7,"status":0,"startTime":{"time":1},"endTime":{"time":2}}]},'
      : '<job jobId="1" replicationId="1"><phase phase="7" status="0"><startTime time="1"/><endTime time="2"/></phase></job>';
  const chunk = entry.repeat(Math.ceil(65536 / entry.length));
  function* pieces(): Generator<string> {
    yield format === 'json' ? '{"job":[' : `<${XML_ROOTS.jobStats}>`;
    for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk;
    yield format === 'json' ? `${entry.slice(0, -1)}]}` : `</${XML_ROOTS.jobStats}>`;
  }
  await streamPieces(res, pieces());
}
