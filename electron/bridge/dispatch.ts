import type { z } from 'zod';
import { DataFolderError, describeStorageError } from '../storage/storageErrors.js';
import { CommvaultError } from '../commvault/errors.js';
import {
  channels,
  eventEnvelopes,
  events,
  resultEnvelopes,
  type ResultChecking,
  isChannel,
  type Channel,
  type ChannelResult,
  type EventName,
  type EventPayload,
} from '../contract/api.js';
import type { AppError, AppErrorKind, Result } from '../contract/errors.js';

export type Handlers = {
  [C in Channel]: (request: z.output<(typeof channels)[C]['request']>) => Promise<ChannelResult<C>>;
};

export function appError(kind: AppErrorKind, message: string, details: AppError['details'] = {}): AppError {
  return { kind, message, details };
}

/** Any thrown value → a serialisable AppError. Unknown failures keep their message, never a stack. */
export function toAppError(error: unknown): AppError {
  if (error instanceof CommvaultError) {
    const details: AppError['details'] = {};
    for (const [key, value] of Object.entries(error.details)) {
      if (value === undefined) continue;
      details[key] = typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean);
    }
    return { kind: error.kind, message: error.message, details };
  }
  if (error instanceof AppFailure) return error.error;
  if (error instanceof DataFolderError) return appError('storage', error.message);
  const storage = describeStorageError(error);
  if (storage) return appError('storage', storage);
  const message = error instanceof Error ? error.message : String(error);
  return appError('internal', `Something went wrong in DR Job Stats: ${message}`);
}

/** A typed failure thrown by services that are not about the CommServe (storage, keychain, input). */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

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

type Listener = (event: EventName, payload: unknown) => void;

/** Events from main to whoever listens (Electron windows, browser-mode event streams), validated like results. */
export class EventHub {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly checking: ResultChecking = 'by-construction') {}

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const envelope = this.checking === 'by-construction' ? eventEnvelopes[event] : undefined;
    const checked = envelope ? (envelope.parse(payload), payload) : events[event].parse(payload);
    for (const listener of this.listeners) listener(event, checked);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
