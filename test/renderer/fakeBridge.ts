import {
  channels,
  events,
  isChannel,
  type DrStatsApi,
  type EventName,
  type EventPayload,
} from '../../electron/contract/api';
import type { Result } from '../../electron/contract/errors';
import { z } from 'zod';

type Answer = (request: unknown) => Result<unknown> | Promise<Result<unknown>>;

/**
 * What the contract refused since the last look: a request a component sent, or an answer or event a test gave,
 * that main's dispatcher would not let cross. setup.ts fails the test that caused one, so a screen is never
 * tested against data main could not send, nor passes while sending what main would refuse.
 */
const breaches: string[] = [];

export function takeContractBreaches(): string[] {
  return breaches.splice(0);
}

function check(what: string, schema: z.ZodType, value: unknown) {
  const checked = schema.safeParse(value);
  if (!checked.success) breaches.push(`${what}: ${z.prettifyError(checked.error)}`);
}

/**
 * A bridge that records calls and answers from a table, standing in for main in component tests. Requests and
 * successful answers are checked against the contract's schemas; `emit` sends an event as main would.
 */
export function fakeBridge(
  answers: Record<string, Answer>,
  options: { download?: (token: string, fileName: string) => Promise<void> } = {},
) {
  const calls: { channel: string; request: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const api: DrStatsApi = {
    invoke: async (channel, request) => {
      calls.push({ channel, request });
      if (!isChannel(channel)) breaches.push(`no such channel: ${channel}`);
      else check(`${channel} request`, channels[channel].request, request);
      const answer = answers[channel];
      const result = answer
        ? await answer(request)
        : {
            ok: false as const,
            error: { kind: 'internal' as const, message: `no answer for ${channel}`, details: {} },
          };
      if (result.ok && isChannel(channel)) check(`${channel} answer`, channels[channel].result, result.value);
      return result as never;
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
    ...(options.download ? { download: options.download } : {}),
  };
  /** Main sends an event to every listener of the page. */
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    check(`${event} event`, events[event], payload);
    for (const listener of listeners.get(event) ?? []) (listener as (p: EventPayload<E>) => void)(payload);
  };
  /** The calls made on one channel, their requests in order. */
  const requests = (channel: string) => calls.filter((c) => c.channel === channel).map((c) => c.request);
  return { api, calls, emit, requests };
}
