import type { z } from 'zod';
import {
  JobStatsFilterSchema,
  type DrGroup,
  type DrGroupDetail,
  type DrOperation,
  type FetchPreview,
  type JobStatsEndpoint,
  type JobStatsFilter,
  type ResponseFormat,
} from '../contract/model.js';
import { decodeBody, unexpectedResponse } from './decodeBody.js';
import { CommvaultError } from './errors.js';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, send, type RawResponse } from './http.js';
import { unwrapRoot, type Loose } from './loose.js';
import { parseJobSummary, type JobSummary } from './jobSummary.js';
import { countVmRuns, JobStatsNormaliser, normaliseJobStats } from './normaliseJobStats.js';
import { JobStatsJsonStream } from './jobStatsStream.js';
import { createHash, type Hash } from 'node:crypto';
import { toDrGroup, toDrGroupDetail } from './normaliseDrGroups.js';
import {
  DrGroupsResponseSchema,
  LoginResponseSchema,
  RenewResponseSchema,
  WhoAmIResponseSchema,
  stripAttributePrefixes,
} from './rawSchemas.js';
import { ERROR_KEYS, findServerError, lockOutSeconds } from './serverErrors.js';
import { encodePassword, normaliseToken, tokenHeader } from './tokens.js';
import type { FetchLike } from './transport.js';
import { parseWebServiceRoot } from './webServiceRoot.js';

export interface Credentials {
  username: string;
  password: string;
  domain?: string;
}

export interface ClientOptions {
  /** The web service root as typed; it is parsed and normalised here. */
  webService: string;
  fetch: FetchLike;
  format: ResponseFormat;
  /** Stable per installation: the CommServe ties renewals to the device that logged in. */
  deviceId: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** Reads the server's certificate fingerprint for TLS errors (Node only; Electron reports its own). */
  probeCertificate?: (url: string) => Promise<string | undefined>;
  /** Told whenever the token changes (login, renewal, sign-out), so a kept token can be updated. */
  onTokenChange?: (token: string | null) => void;
  /** When renewal fails: credentials for a silent re-login (only if the admin chose to remember them). */
  reloginCredentials?: () => Promise<Credentials | undefined>;
  /** Which JobStats path each server answers, shared between clients of the same server. */
  endpointMemory?: Map<string, JobStatsEndpoint>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
  /**
   * JobStats only: called once with the first operations of a JSON answer while the rest is still arriving (an
   * answer read whole, such as XML, has none). What it carries is provisional: see `FetchPreview`.
   */
  onPreview?: (preview: FetchPreview) => void;
  /** See `SendOptions.bodySink`. */
  bodySink?: (status: number, contentType: string) => ((text: string) => void) | undefined;
}

export interface JobStatsResult {
  operations: DrOperation[];
  endpoint: JobStatsEndpoint;
  /** Path and query used, relative to the web service root (no secrets in it). */
  path: string;
  format: ResponseFormat;
  contentType: string;
  rawBody: string;
  /** UTF-8 size of the raw body. */
  rawBodyBytes: number;
  /** SHA-256 of the raw body as text (UTF-8), what a saved run records to show it is unchanged. */
  rawBodySha256: string;
  vmRunCount: number;
}

export interface SignInResult {
  userName: string;
}

const JOBSTATS_PATHS: readonly JobStatsEndpoint[] = ['DR/JobStats', 'DRGroups/JobStats'];

/**
 * A Commvault web service client for one connection. It knows nothing about Electron or where tokens are kept:
 * `fetch` is injected and token changes are reported through `onTokenChange`.
 */
export class CommvaultClient {
  readonly root: string;
  readonly warnings: readonly string[];
  private token: string | null = null;
  private renewing: Promise<void> | undefined;
  private readonly endpointMemory: Map<string, JobStatsEndpoint>;

  constructor(private readonly options: ClientOptions) {
    const parsed = parseWebServiceRoot(options.webService);
    this.root = parsed.url;
    this.warnings = parsed.warnings;
    this.endpointMemory = options.endpointMemory ?? new Map();
  }

  get signedIn(): boolean {
    return this.token !== null;
  }

  /** `POST Login`. A wrong password arrives as HTTP 200 with `errList`, and becomes `bad-credentials`. */
  async login(credentials: Credentials, request: RequestOptions = {}): Promise<SignInResult> {
    const username = credentials.username.trim();
    if (!username) throw new CommvaultError('invalid-input', 'Enter a user name.');
    if (!credentials.password) throw new CommvaultError('invalid-input', 'Enter a password.');
    const body: Record<string, string> = {
      username,
      password: encodePassword(credentials.password),
      deviceId: this.options.deviceId,
    };
    if (credentials.domain?.trim()) body.domain = credentials.domain.trim();
    const raw = await this.exchange('POST', 'Login', { body: JSON.stringify(body), ...request });
    const parsed = this.readSmall(raw, ['token', 'data', 'userName'], 'sign in');
    const locked = lockOutSeconds(parsed);
    const failure = findServerError(parsed);
    if (failure || locked !== undefined) {
      const minutes = locked ? Math.ceil(locked / 60) : 0;
      const message =
        locked !== undefined
          ? `The account is locked${minutes ? ` for ${minutes} more minute${minutes === 1 ? '' : 's'}` : ''}.${failure ? ` The server said: ${failure.message}` : ''}`
          : `The CommServe did not accept the user name or password: ${sentence(failure?.message ?? 'no reason given')}`;
      throw new CommvaultError('bad-credentials', message, {
        status: raw.status,
        ...(failure?.code !== undefined ? { serverCode: failure.code } : {}),
        ...(failure ? { serverMessage: failure.message } : {}),
        ...(locked !== undefined ? { lockedForSeconds: locked } : {}),
      });
    }
    const login = this.validate(raw, LoginResponseSchema, parsed, 'sign-in');
    const token = login.token ?? login.data?.authToken;
    if (!token) throw unexpectedResponse(raw, 'The server accepted the sign-in but sent no token.');
    this.setToken(normaliseToken(token));
    return { userName: login.userName ?? username };
  }

  /** Uses a token the admin pasted (or one kept in the keychain) and checks it with `WhoAmI`. */
  async useToken(pasted: string, request: RequestOptions = {}): Promise<SignInResult> {
    const token = normaliseToken(pasted);
    this.token = token;
    try {
      const who = await this.whoAmI(request);
      // Reported only once the server accepted it (it may have been renewed on the way).
      if (this.token) this.options.onTokenChange?.(this.token);
      return who;
    } catch (error) {
      if (this.token === token) this.token = null;
      throw error;
    }
  }

  /** A cheap token check. */
  async whoAmI(request: RequestOptions = {}): Promise<SignInResult> {
    const raw = await this.authed('POST', 'WhoAmI', request);
    const parsed = this.readSmall(raw, ['user', 'userName'], 'check the session');
    const who = this.validate(raw, WhoAmIResponseSchema, parsed, 'WhoAmI');
    return { userName: who.user?.userName ?? who.userName ?? 'unknown user' };
  }

  /**
   * Reachability without signing in: an unauthenticated `WhoAmI` must get 401 from a Commvault web service. Network
   * and TLS problems surface as their typed errors; anything else says what answered instead.
   */
  async ping(request: RequestOptions = {}): Promise<string> {
    const raw = await this.exchange('POST', 'WhoAmI', request);
    if (raw.status === 401 || (raw.status >= 200 && raw.status < 300)) {
      return `The Commvault web service at ${this.root} answers.`;
    }
    throw this.httpError(raw, 'be reached as a Commvault web service');
  }

  /** `POST Logout` (plain-text reply). The local token is dropped even if the server cannot be reached. */
  async logout(request: RequestOptions = {}): Promise<void> {
    const token = this.token;
    if (!token) return;
    this.setToken(null);
    const raw = await this.exchange('POST', 'Logout', { token, ...request });
    if (raw.status >= 400 && raw.status !== 401) {
      throw new CommvaultError('server-error', `The server could not end the session (HTTP ${raw.status}).`, {
        status: raw.status,
      });
    }
  }

  async listDrGroups(request: RequestOptions = {}): Promise<DrGroup[]> {
    const raw = await this.authed('GET', 'DRGroups', request);
    const groups = this.readGroups(raw);
    return groups.flatMap((g) => toDrGroup(g) ?? []).sort((a, b) => a.name.localeCompare(b.name));
  }

  async getDrGroup(id: number, request: RequestOptions = {}): Promise<DrGroupDetail> {
    const checked = positiveInteger(id, 'DR group ID');
    const raw = await this.authed('GET', `DRGroups/${checked}`, request);
    const first = this.readGroups(raw)[0];
    const group = first && toDrGroupDetail(first);
    if (!group) throw new CommvaultError('not-found', `DR group ${checked} was not found on this CommServe.`);
    return group;
  }

  /**
   * `GET DR/JobStats` on newer CommServes, `DRGroups/JobStats` on older ones: the first 404 switches paths and
   * the answer is remembered for this server.
   */
  async getJobStats(filter: JobStatsFilter, request: RequestOptions = {}): Promise<JobStatsResult> {
    const checked = JobStatsFilterSchema.safeParse(filter);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new CommvaultError(
        'invalid-input',
        `${FILTER_LABELS[String(issue?.path[0])] ?? 'A filter'} must be a whole number greater than 0.`,
      );
    }
    const remembered = this.endpointMemory.get(this.root);
    const candidates = remembered ? [remembered] : JOBSTATS_PATHS;
    let lastNotFound: CommvaultError | undefined;
    for (const endpoint of candidates) {
      const path = jobStatsPath(endpoint, checked.data);
      // A JSON answer is split into its entries and normalised while it arrives; one of any other shape (XML, an
      // error, damage) is read whole below, so both roads give the same operations or the same error.
      // The body's digest is taken on the way in too, while the CommServe is still sending.
      let streamed: { stream: JobStatsJsonStream; operations: JobStatsNormaliser; digest: Hash } | undefined;
      const raw = await this.authed('GET', path, {
        ...request,
        bodySink: (status, contentType) => {
          streamed = undefined;
          // A web page is reported as one by the whole road, whatever its text looks like.
          if (status < 200 || status >= 300 || /text\/html/i.test(contentType)) return undefined;
          const operations = new JobStatsNormaliser();
          const stream = new JobStatsJsonStream((entry) => operations.add(entry));
          const digest = createHash('sha256');
          streamed = { stream, operations, digest };
          let previewed = !request.onPreview;
          return (text) => {
            digest.update(text, 'utf8');
            stream.push(text);
            if (!previewed && operations.vmRunCount > 0) {
              previewed = true;
              request.onPreview?.(operations.preview());
            }
          };
        },
      });
      if (raw.status === 404 && endpoint === 'DR/JobStats' && !remembered) {
        lastNotFound = this.httpError(raw);
        continue;
      }
      const operations =
        streamed?.stream.end() && raw.status >= 200 && raw.status < 300
          ? streamed.operations.finish()
          : normaliseJobStats(this.readBody(raw));
      this.endpointMemory.set(this.root, endpoint);
      return {
        operations,
        endpoint,
        path,
        format: this.options.format,
        contentType: raw.contentType,
        rawBody: raw.text,
        rawBodyBytes: raw.textBytes ?? Buffer.byteLength(raw.text),
        rawBodySha256: (streamed?.digest ?? createHash('sha256').update(raw.text, 'utf8')).digest('hex'),
        vmRunCount: countVmRuns(operations),
      };
    }
    throw lastNotFound ?? new CommvaultError('not-found', 'This CommServe has no JobStats endpoint.');
  }

  /**
   * `GET Job/{jobId}`: the job manager's summary of one job, which names a DR operation's type. Undefined when the
   * CommServe does not know the job; a CommServe without this endpoint answers 404 (`not-found`).
   */
  async getJobSummary(jobId: number, request: RequestOptions = {}): Promise<JobSummary | undefined> {
    const checked = positiveInteger(jobId, 'Job ID');
    const raw = await this.authed('GET', `Job/${checked}`, request);
    return parseJobSummary(stripAttributePrefixes(this.readBody(raw)) as Loose);
  }

  private setToken(token: string | null): void {
    this.token = token;
    this.options.onTokenChange?.(token);
  }

  /** An authenticated request: on 401 one shared renewal, then one retry; a second 401 ends the session. */
  private async authed(method: 'GET' | 'POST', path: string, request: RequestOptions): Promise<RawResponse> {
    const used = this.token;
    if (!used) throw new CommvaultError('session-expired', 'You are not signed in to this CommServe.');
    const first = await this.exchange(method, path, { token: used, ...request });
    if (first.status !== 401) return first;
    await this.renewAfter(used);
    const token = this.token as string | null;
    if (!token) throw sessionExpired();
    const second = await this.exchange(method, path, { token, ...request });
    if (second.status === 401) {
      this.setToken(null);
      throw sessionExpired();
    }
    return second;
  }

  /** Single flight: every call that saw the same expired token waits for one renewal. */
  private renewAfter(expired: string): Promise<void> {
    if (this.token !== expired) return Promise.resolve();
    this.renewing ??= this.renew(expired).finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renew(expired: string): Promise<void> {
    try {
      const raw = await this.exchange('POST', 'RenewLoginToken', {
        body: JSON.stringify({ sessionId: expired, deviceId: this.options.deviceId }),
      });
      if (raw.status < 400) {
        const parsed = this.readSmall(raw, ['token'], 'renew the session');
        const renewed = RenewResponseSchema.safeParse(parsed);
        if (!findServerError(parsed) && renewed.success && renewed.data.token) {
          this.setToken(normaliseToken(renewed.data.token));
          return;
        }
      }
    } catch (error) {
      // A network failure during renewal is that failure, not an expired session.
      if (!(error instanceof CommvaultError) || NETWORK_KINDS.has(error.kind)) throw error;
    }
    const credentials = await this.options.reloginCredentials?.();
    if (credentials) {
      await this.login(credentials);
      return;
    }
    this.setToken(null);
    throw sessionExpired();
  }

  private async exchange(
    method: 'GET' | 'POST',
    path: string,
    request: RequestOptions & { token?: string; body?: string },
  ): Promise<RawResponse> {
    const headers: Record<string, string> = {
      Accept: this.options.format === 'xml' ? 'application/xml' : 'application/json',
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.token) {
      const header = tokenHeader(request.token);
      headers[header.name] = header.value;
    }
    const url = `${this.root}/${path}`;
    try {
      return await send(this.options.fetch, url, {
        method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBytes: this.options.maxBytes ?? DEFAULT_MAX_BYTES,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
        ...(request.bodySink ? { bodySink: request.bodySink } : {}),
      });
    } catch (error) {
      if (error instanceof CommvaultError && error.kind === 'tls') throw await this.withFingerprint(error);
      throw error;
    }
  }

  private async withFingerprint(error: CommvaultError): Promise<CommvaultError> {
    const url = error.details.url ?? this.root;
    const fingerprint = error.details.fingerprint256 ?? (await this.options.probeCertificate?.(url));
    if (!fingerprint) return error;
    const pinned = error.details.code === 'CERT_PIN_MISMATCH';
    const message = pinned
      ? `The server presented a different certificate than the pinned one. Presented: ${fingerprint}. If the CommServe's certificate was renewed, check it and pin the new one.`
      : `${error.message} Its SHA-256 fingerprint is ${fingerprint}. If you recognise it, pin it or add its CA file to this connection.`;
    return new CommvaultError('tls', message, { ...error.details, fingerprint256: fingerprint });
  }

  /** Non-2xx → a typed error; 2xx → the parsed body, after checking it for any of Commvault's error shapes. */
  private readBody(raw: RawResponse): Loose {
    if (raw.status < 200 || raw.status >= 300) throw this.httpError(raw);
    const body = decodeBody(raw);
    const failure = findServerError(unwrapRoot(body, ERROR_KEYS));
    if (failure) {
      throw new CommvaultError(
        'server-error',
        `The CommServe reported an error${failure.code !== undefined ? ` (code ${failure.code})` : ''}: ${failure.message}`,
        {
          status: raw.status,
          serverMessage: failure.message,
          ...(failure.code !== undefined ? { serverCode: failure.code } : {}),
        },
      );
    }
    return body;
  }

  private readSmall(raw: RawResponse, expectedKeys: readonly string[], action: string): Loose {
    if (raw.status < 200 || raw.status >= 300) throw this.httpError(raw, action);
    const body = stripAttributePrefixes(decodeBody(raw)) as Loose;
    return unwrapRoot(body, [...expectedKeys, ...ERROR_KEYS]);
  }

  private readGroups(raw: RawResponse) {
    const body = unwrapRoot(stripAttributePrefixes(this.readBody(raw)) as Loose, ['vApp']);
    return this.validate(raw, DrGroupsResponseSchema, body, 'DR groups').vApp;
  }

  private validate<S extends z.ZodType>(raw: RawResponse, schema: S, body: Loose, what: string): z.output<S> {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw unexpectedResponse(
      raw,
      `The server's ${what} response is not in the expected shape (${issue?.path.join('.') || 'body'}: ${issue?.message}).`,
    );
  }

  private httpError(raw: RawResponse, action = 'complete the request'): CommvaultError {
    const kind = raw.status === 404 ? 'not-found' : 'server-error';
    let failureMessage: string | undefined;
    let code: number | undefined;
    try {
      const failure = findServerError(unwrapRoot(decodeBody(raw), ERROR_KEYS));
      failureMessage = failure?.message;
      code = failure?.code;
    } catch (error) {
      // An HTML page (IIS, Tomcat, a proxy) is more useful as itself (its title) than as "HTTP 502", and it is not
      // the CommServe speaking: it is an unexpected response, so the admin looks at the web server or proxy. A 404
      // page still means "no such path here" (the endpoint fallbacks rely on it).
      if (error instanceof CommvaultError && /web page/.test(error.message)) {
        return new CommvaultError(raw.status === 404 ? 'not-found' : 'unexpected-response', error.message, {
          ...error.details,
          status: raw.status,
        });
      }
    }
    const text = failureMessage ?? statusText(raw.status);
    // The server's own text often ends in a full stop already: never two.
    return new CommvaultError(kind, `The server could not ${action}: HTTP ${raw.status} ${sentence(text)}`, {
      status: raw.status,
      url: raw.url,
      ...(failureMessage ? { serverMessage: failureMessage } : {}),
      ...(code !== undefined ? { serverCode: code } : {}),
    });
  }
}

const NETWORK_KINDS: ReadonlySet<string> = new Set([
  'network',
  'timeout',
  'refused',
  'dns',
  'tls',
  'cancelled',
  'too-large',
]);

const FILTER_LABELS: Record<string, string> = {
  jobId: 'Job ID',
  drGroupId: 'DR group ID',
  replicationId: 'Replication ID',
  clientId: 'Client ID',
};

function positiveInteger(value: number, label: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new CommvaultError('invalid-input', `${label} must be a whole number greater than 0.`);
  }
  return value;
}

/** The query for one JobStats path; the newer path names the group `failoverGroupId`. */
export function jobStatsPath(endpoint: JobStatsEndpoint, filter: JobStatsFilter): string {
  const query = new URLSearchParams();
  if (filter.jobId !== undefined) query.set('jobId', String(filter.jobId));
  if (filter.drGroupId !== undefined) {
    query.set(endpoint === 'DR/JobStats' ? 'failoverGroupId' : 'drGroupId', String(filter.drGroupId));
  }
  if (filter.replicationId !== undefined) query.set('replicationId', String(filter.replicationId));
  if (filter.clientId !== undefined) query.set('clientId', String(filter.clientId));
  const qs = query.toString();
  return qs ? `${endpoint}?${qs}` : endpoint;
}

function sessionExpired(): CommvaultError {
  return new CommvaultError('session-expired', 'Your session on the CommServe has expired. Sign in again.');
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return texts[status] ?? '';
}

/** Text as one sentence: trimmed, ending in exactly one full stop (or its own ! or ?). */
function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.+$/, '');
  return /[!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
