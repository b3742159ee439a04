import type { Channel, ChannelRequest, ChannelResult, DrStatsApi } from '$contract/api';
import type { AppError } from '$contract/errors';
import { createApi } from './transport';

/** An error from the main side, as the UI shows it (kind + message + details). */
export class UiError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
  get kind() {
    return this.error.kind;
  }
}

let api: DrStatsApi | undefined;

export function bridge(): DrStatsApi {
  api ??= createApi();
  return api;
}

/** For tests: a bridge that talks to something else. */
export function useBridge(replacement: DrStatsApi): void {
  api = replacement;
}

/** Calls a channel and unwraps its result; failures throw a UiError carrying the typed error. */
export async function call<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResult<C>> {
  const result = await bridge().invoke(channel, request);
  if (!result.ok) throw new UiError(result.error);
  return result.value;
}

export function errorOf(error: unknown): AppError {
  if (error instanceof UiError) return error.error;
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error), details: {} };
}
