import type { DrStatsApi } from '../../electron/contract/api';
import type { Result } from '../../electron/contract/errors';

/** A bridge that records calls and answers from a table, standing in for main in component tests. */
export function fakeBridge(answers: Record<string, (request: unknown) => Result<unknown>>) {
  const calls: { channel: string; request: unknown }[] = [];
  const api: DrStatsApi = {
    invoke: (channel, request) => {
      calls.push({ channel, request });
      const answer = answers[channel];
      return Promise.resolve(
        (answer
          ? answer(request)
          : { ok: false, error: { kind: 'internal', message: `no answer for ${channel}`, details: {} } }) as never,
      );
    },
    on: () => () => undefined,
  };
  return { api, calls };
}
