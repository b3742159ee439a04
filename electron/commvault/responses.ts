import { STATUS_CODES } from 'node:http';
import type { z } from 'zod';
import { decodeBody, unexpectedResponse } from './decodeBody.js';
import { CommvaultError } from './errors.js';
import type { RawResponse } from './http.js';
import { unwrapRoot, type Loose } from './loose.js';
import { stripAttributePrefixes } from './rawSchemas.js';
import { ERROR_KEYS, findServerError } from './serverErrors.js';

/** Non-2xx → a typed error; 2xx → the parsed body, after checking it for any of Commvault's error shapes. */
export function readBody(raw: RawResponse): Loose {
  if (!isSuccess(raw)) throw httpError(raw);
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

/**
 * A small answer (sign-in, renewal, WhoAmI) unwrapped to the object holding `expectedKeys` or an error. Unlike
 * `readBody` it leaves an error shape in place: the caller words it (a wrong password is not a server error).
 */
export function readSmall(raw: RawResponse, expectedKeys: readonly string[], action: string): Loose {
  if (!isSuccess(raw)) throw httpError(raw, action);
  const body = stripAttributePrefixes(decodeBody(raw)) as Loose;
  return unwrapRoot(body, [...expectedKeys, ...ERROR_KEYS]);
}

/** The body in the shape `schema` expects, or an unexpected-response error naming the first field that is not. */
export function validate<S extends z.ZodType>(raw: RawResponse, schema: S, body: Loose, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw unexpectedResponse(
    raw,
    `The server's ${what} response is not in the expected shape (${issue?.path.join('.') || 'body'}: ${issue?.message}).`,
  );
}

/** A non-2xx answer as the error the admin sees: the server's own words when it sent any, else the HTTP status. */
export function httpError(raw: RawResponse, action = 'complete the request'): CommvaultError {
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
  const text = failureMessage ?? STATUS_CODES[raw.status] ?? '';
  // The server's own text often ends in a full stop already: never two; a status with no reason reads as its number.
  const status = text.trim() ? `HTTP ${raw.status} ${sentence(text)}` : `HTTP ${raw.status}.`;
  return new CommvaultError(kind, `The server could not ${action}: ${status}`, {
    status: raw.status,
    url: raw.url,
    ...(failureMessage ? { serverMessage: failureMessage } : {}),
    ...(code !== undefined ? { serverCode: code } : {}),
  });
}

export function isSuccess(raw: RawResponse): boolean {
  return raw.status >= 200 && raw.status < 300;
}

/** Text as one sentence: trimmed, ending in exactly one full stop (or its own ! or ?). */
export function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.+$/, '');
  return /[!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
