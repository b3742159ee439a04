import type { Channel, ChannelRequest, ChannelResult, DrStatsApi, EventName, EventPayload } from '$contract/api';
import { LINK_EXCHANGE_PATH, LINK_FRAGMENT_KEY, LinkExchangeAnswerSchema } from '$contract/browserLink';
import type { AppError, Result } from '$contract/errors';
import { SECRET_HEADER } from '$contract/ipc';
import { decodeFrame, FRAME_CONTENT_TYPE } from '$contract/frame';
import { eventFromWire, resultFromWire } from '$contract/wire';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser mode. */
    drJobStats?: DrStatsApi;
  }
}

const SECRET_KEY = 'drjs-secret';

/** Something that was thrown where no failure was expected, as the UI shows a failure: an 'internal' AppError. */
export function unexpectedError(thrown: unknown): AppError {
  return { kind: 'internal', message: thrown instanceof Error ? thrown.message : String(thrown), details: {} };
}

/** This tab's right to call the browser mode: its secret, or why it has none (shown instead of every answer). */
export type PageSession = { secret: string } | { refused: AppError };

const NOT_RUNNING: AppError = {
  kind: 'network',
  message: 'DR Job Stats (browser mode) is not running any more. Start it again and reload.',
  details: {},
};

/**
 * The tab's session. `npm run web` opens a one-time link (`#open=<nonce>`, `contract/browserLink.ts`): its nonce is
 * taken out of the address bar and the history at once, then exchanged for the per-launch secret, which is kept in
 * this tab's session storage (a reload finds it there) and never appears in any address. Without a link, the
 * secret kept from earlier in this tab is used.
 */
function sessionFromLocation(): Promise<PageSession> {
  // A page without session storage (a browser setting) is told so on every call, as any other failure.
  return exchangeLinkInLocation().catch((thrown: unknown) => ({ refused: unexpectedError(thrown) }));
}

async function exchangeLinkInLocation(): Promise<PageSession> {
  const link = new URLSearchParams(window.location.hash.slice(1)).get(LINK_FRAGMENT_KEY);
  if (link) history.replaceState(history.state, '', window.location.pathname + window.location.search);
  const kept = sessionStorage.getItem(SECRET_KEY);
  if (!link) return { secret: kept ?? '' };
  let response: Response;
  try {
    response = await fetch(LINK_EXCHANGE_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ link }),
    });
  } catch {
    return { refused: NOT_RUNNING };
  }
  try {
    if (!response.ok) {
      const refusal: AppError = { kind: 'internal', message: await response.text(), details: {} };
      // A used link pasted into a tab that is already in keeps the tab working.
      return kept ? { secret: kept } : { refused: refusal };
    }
    const { secret } = LinkExchangeAnswerSchema.parse(await response.json());
    sessionStorage.setItem(SECRET_KEY, secret);
    return { secret };
  } catch (thrown) {
    return { refused: unexpectedError(thrown) };
  }
}

/**
 * The browser-mode transport: the same contract over loopback HTTP. Calls are POSTs that carry the per-launch
 * secret (see `sessionFromLocation`); events arrive as server-sent events read with fetch (so the secret stays in a
 * header, not in a URL).
 */
export function createHttpApi(session: string | Promise<PageSession> = sessionFromLocation()): DrStatsApi {
  const sessionReady = typeof session === 'string' ? Promise.resolve({ secret: session }) : session;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let streaming = false;

  async function invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResult<C>>> {
    const current = await sessionReady;
    if ('refused' in current) return { ok: false, error: current.refused };
    const secret = current.secret;
    let response: Response;
    try {
      response = await fetch(`/api/invoke/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [SECRET_HEADER]: secret },
        body: JSON.stringify(request),
        // The preferences are sent as the tab closes: such a request must outlive the page. Only this small one,
        // as the browser allows little in flight this way.
        keepalive: channel === 'ui:set',
      });
    } catch {
      return { ok: false, error: NOT_RUNNING };
    }
    try {
      if (!response.ok) {
        const text = await response.text();
        return {
          ok: false,
          error: {
            kind: 'internal',
            message: `The app refused the request (HTTP ${response.status}): ${text}`,
            details: {},
          },
        };
      }
      const body =
        response.headers.get('content-type') === FRAME_CONTENT_TYPE
          ? decodeFrame(await response.arrayBuffer())
          : await response.json();
      return resultFromWire(channel, body as Result<ChannelResult<C>>);
    } catch (thrown) {
      // The answer broke off or arrived damaged (decodeFrame and the wire refuse it): a failure like any other.
      return { ok: false, error: unexpectedError(thrown) };
    }
  }

  async function stream(): Promise<void> {
    const current = await sessionReady;
    // Without a session every call shows why; the events would only be refused too.
    if ('refused' in current) return;
    const secret = current.secret;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch('/api/events', { headers: { [SECRET_HEADER]: secret } });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        attempt = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            deliver(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // The server restarted or the network blipped: try again, more slowly each time.
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt)));
    }
  }

  function deliver(block: string): void {
    let event = '';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!event || !data) return;
    const payload = eventFromWire(event, JSON.parse(data) as never);
    for (const listener of listeners.get(event as EventName) ?? []) listener(payload);
  }

  async function download(token: string, fileName: string): Promise<void> {
    const current = await sessionReady;
    if ('refused' in current) throw new Error(current.refused.message);
    const response = await fetch(`/api/download/${token}`, { headers: { [SECRET_HEADER]: current.secret } });
    if (!response.ok) throw new Error(await response.text());
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  return {
    invoke,
    download,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      if (!streaming) {
        streaming = true;
        void stream();
      }
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}

/** The desktop bridge, unpacking what main packed for the crossing (`contract/wire.ts`). */
function fromPreload(preload: DrStatsApi): DrStatsApi {
  return {
    invoke: async (channel, request) => {
      try {
        return resultFromWire(channel, await preload.invoke(channel, request));
      } catch (thrown) {
        // Main answers every call with a Result; only the crossing itself can fail (a request that cannot be
        // cloned, a window reloading, a damaged answer).
        return { ok: false, error: unexpectedError(thrown) };
      }
    },
    on: (event, listener) => preload.on(event, (payload) => listener(eventFromWire(event, payload))),
  };
}

export function createApi(): DrStatsApi {
  return window.drJobStats ? fromPreload(window.drJobStats) : createHttpApi();
}
