import type { FetchPreview, ResponseFormat } from '../contract/model.js';
import { CommvaultError } from './errors.js';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, send, type BodySinkFactory, type RawResponse } from './http.js';
import { tokenHeader } from './tokens.js';
import { PIN_MISMATCH_CODE, type FetchLike } from './transport.js';

export interface ExchangeOptions {
  fetch: FetchLike;
  format: ResponseFormat;
  timeoutMs?: number;
  maxBytes?: number;
  /** Reads the server's certificate fingerprint for TLS errors (Node only; Electron reports its own). */
  probeCertificate?: (url: string) => Promise<string | undefined>;
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
  bodySink?: BodySinkFactory;
}

export type HttpMethod = 'GET' | 'POST';

export interface ExchangeRequest extends RequestOptions {
  token?: string;
  body?: string;
}

/**
 * One request to a web service root and its raw answer, in the format the connection asks for. It knows no
 * session: a token is sent only when the caller passes one.
 */
export class WebServiceExchange {
  constructor(
    readonly root: string,
    private readonly options: ExchangeOptions,
  ) {}

  get format(): ResponseFormat {
    return this.options.format;
  }

  async send(method: HttpMethod, path: string, request: ExchangeRequest): Promise<RawResponse> {
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

  /** A TLS failure names the certificate the server presented, so the admin can decide to trust or pin it. */
  private async withFingerprint(error: CommvaultError): Promise<CommvaultError> {
    const url = error.details.url ?? this.root;
    const fingerprint = error.details.fingerprint256 ?? (await this.options.probeCertificate?.(url));
    if (!fingerprint) return error;
    const pinned = error.details.code === PIN_MISMATCH_CODE;
    const message = pinned
      ? `The server presented a different certificate than the pinned one. Presented: ${fingerprint}. If the CommServe's certificate was renewed, check it and pin the new one.`
      : `${error.message} Its SHA-256 fingerprint is ${fingerprint}. If you recognise it, pin it or add its CA file to this connection.`;
    return new CommvaultError('tls', message, { ...error.details, fingerprint256: fingerprint });
  }
}
