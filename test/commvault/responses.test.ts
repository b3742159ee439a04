import { describe, expect, it } from 'vitest';
import { CommvaultError } from '../../electron/commvault/errors.js';
import type { RawResponse } from '../../electron/commvault/http.js';
import { httpError, readBody, readSmall, sentence } from '../../electron/commvault/responses.js';

function answer(status: number, text: string, contentType = 'application/json'): RawResponse {
  return { status, contentType, text, url: 'https://cs.example.com/webconsole/api/Thing' };
}

function thrown(read: () => unknown): CommvaultError {
  try {
    read();
  } catch (error) {
    if (error instanceof CommvaultError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('reading answers', () => {
  it('gives a 2xx body parsed, and its error shape as a server error', () => {
    expect(readBody(answer(200, '{"vApp":[]}'))).toEqual({ vApp: [] });
    const error = thrown(() => readBody(answer(200, '{"errList":[{"errorCode":5,"errLogMessage":"No access."}]}')));
    expect(error).toMatchObject({
      kind: 'server-error',
      message: 'The CommServe reported an error (code 5): No access.',
      details: { status: 200, serverCode: 5, serverMessage: 'No access.' },
    });
  });

  it('leaves a small answer’s error shape for the caller to word', () => {
    const body = readSmall(answer(200, '{"errList":[{"errorCode":1,"errLogMessage":"Wrong."}]}'), ['token'], 'sign in');
    expect(body).toEqual({ errList: [{ errorCode: 1, errLogMessage: 'Wrong.' }] });
    expect(thrown(() => readSmall(answer(503, ''), ['token'], 'sign in')).message).toBe(
      'The server could not sign in: HTTP 503 Service Unavailable.',
    );
  });

  it('words a non-2xx answer with the server’s own text, one full stop, or the status', () => {
    expect(httpError(answer(500, '{"errorCode":7,"errorMessage":"Database is down."}'))).toMatchObject({
      kind: 'server-error',
      message: 'The server could not complete the request: HTTP 500 Database is down.',
      details: { status: 500, serverCode: 7, serverMessage: 'Database is down.' },
    });
    expect(httpError(answer(404, ''), 'find it').message).toBe('The server could not find it: HTTP 404 Not Found.');
    expect(httpError(answer(401, '')).message).toBe(
      'The server could not complete the request: HTTP 401 Unauthorized.',
    );
    expect(httpError(answer(429, '')).message).toBe(
      'The server could not complete the request: HTTP 429 Too Many Requests.',
    );
    // A status with no reason phrase at all reads as just its number.
    expect(httpError(answer(599, '')).message).toBe('The server could not complete the request: HTTP 599.');
  });

  it('reports a proxy’s web page as itself; a 404 page still means not found', () => {
    const page = '<html><head><title>Bad Gateway</title></head></html>';
    expect(httpError(answer(502, page, 'text/html'))).toMatchObject({
      kind: 'unexpected-response',
      details: { status: 502 },
    });
    expect(httpError(answer(404, page, 'text/html')).kind).toBe('not-found');
  });

  it('ends text in exactly one full stop', () => {
    expect(sentence(' Done.. ')).toBe('Done.');
    expect(sentence('Really?')).toBe('Really?');
    expect(sentence('Plain')).toBe('Plain.');
  });
});
