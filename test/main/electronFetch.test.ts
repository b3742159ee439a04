import { beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from '../../electron/commvault/http.js';
import type { ConnectionProfile } from '../../electron/contract/connections.js';

/** What the fake Electron session's net.fetch was asked to do. */
const calls: { url: string; init: Record<string, unknown> }[] = [];

vi.mock('electron', () => ({
  session: {
    fromPartition: () => ({
      setCertificateVerifyProc: () => undefined,
      // Chromium's net stack with `redirect: 'error'` fails the request when the server redirects.
      fetch: (url: string, init: Record<string, unknown>) => {
        calls.push({ url, init });
        return Promise.reject(new TypeError('Redirect was blocked: redirect mode is set to error'));
      },
    }),
  },
}));

const { electronFetchFor } = await import('../../electron/main/electronFetch.js');

describe("the desktop app's net.fetch", () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('never follows a redirect, and says so in words an admin can act on', async () => {
    const fetch = await electronFetchFor({ id: 'c1', tls: { mode: 'system' } } as ConnectionProfile);
    const error = await send(fetch, 'https://cs.example.com/commandcenter/api/DR/JobStats', {
      method: 'GET',
      headers: { Authtoken: 'QSDK secret' },
      timeoutMs: 5000,
      maxBytes: 1000,
    }).catch((e: unknown) => e);
    expect(calls[0]!.init.redirect).toBe('error');
    expect(error).toMatchObject({ kind: 'unexpected-response', details: { code: 'REDIRECT' } });
    expect(String((error as Error).message)).not.toContain('secret');
  });
});
