import type { z } from 'zod';
import { channels, resultEnvelopes, type ChannelHandlers, type ResultChecking, isChannel } from '../contract/api.js';
import { appError, type Result } from '../contract/errors.js';
import { toAppError } from '../services/errors.js';

export type Handlers = ChannelHandlers;

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/**
 * The transport-neutral heart of the bridge: validates the request, runs the handler, validates the result, and
 * turns every failure into a typed error value. Electron IPC and the browser mode both call this.
 */
export function createDispatcher(handlers: Handlers, checking: ResultChecking = 'by-construction') {
  return async function dispatch(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) return { ok: false, error: appError('invalid-input', `Unknown request "${channel}".`) };
    const spec = channels[channel];
    const request = spec.request.safeParse(payload ?? {});
    if (!request.success) return { ok: false, error: appError('invalid-input', firstIssue(request.error)) };
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      const value = await handler(request.data);
      const envelope = checking === 'by-construction' ? resultEnvelopes[channel] : undefined;
      const result = (envelope ?? spec.result).safeParse(value);
      if (!result.success) {
        return {
          ok: false,
          error: appError('internal', `The app produced an invalid answer for ${channel}: ${firstIssue(result.error)}`),
        };
      }
      // An envelope's parse copies only the top level; the value itself is what was checked by construction.
      return { ok: true, value: envelope ? value : result.data };
    } catch (error) {
      return { ok: false, error: toAppError(error) };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
