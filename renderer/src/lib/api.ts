import type { Channel, ChannelRequest, ChannelResult, DrStatsApi } from '$contract/api';
import type { Result } from '$contract/errors';
import { createApi, unexpectedError } from './transport';

let api: DrStatsApi | undefined;

export function bridge(): DrStatsApi {
  api ??= createApi();
  return api;
}

/** For tests: a bridge that talks to something else (undefined: the real one again, made on first use). */
export function useBridge(replacement: DrStatsApi | undefined): void {
  api = replacement;
}

/**
 * Calls a channel. A failure is a value, never a throw: `{ ok: false, error }` with the typed error main reported
 * (or the transport's own, when main could not be reached or its answer could not be read).
 */
export async function call<C extends Channel>(
  channel: C,
  request: ChannelRequest<C>,
): Promise<Result<ChannelResult<C>>> {
  try {
    return await bridge().invoke(channel, request);
  } catch (thrown) {
    // The transports answer every failure as a value; this is the guard for a bridge that cannot even be made.
    return { ok: false, error: unexpectedError(thrown) };
  }
}

/** The success of an action that has no value to return. */
export const DONE: Result<void> = Object.freeze({ ok: true, value: undefined });
