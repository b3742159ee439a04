import { vi } from 'vitest';
import type { AppInfo } from '../../electron/contract/appInfo';
import type { ConnectionView } from '../../electron/contract/connections';
import type { Result } from '../../electron/contract/errors';
import type { FetchJobsRequestSchema } from '../../electron/contract/jobs';
import type { ReportRecord } from '../../electron/contract/report';
import type { UiState } from '../../electron/contract/ui';
import { useBridge } from '../../renderer/src/lib/api';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { fakeBridge } from './fakeBridge';
import { appInfo, connectionView, simulatedCommServe, uiState, type SimulatedCommServe } from './simulated';
import type { z } from 'zod';

type Answer = (request: unknown) => Result<unknown> | Promise<Result<unknown>>;
type FetchRequest = z.input<typeof FetchJobsRequestSchema>;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/**
 * Every task already queued has run: whatever the page does in reply to what the test just did has been done. For
 * checking that something did not happen (a late reply ignored, a request not sent); never a wait for time.
 */
export const queueDrained = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Main, as the page sees it through the contract, answering from a simulated CommServe: the connections it holds,
 * the app's info and kept preferences, DR groups and job fetches. `answers` replace or add channels.
 */
export function standIn(
  options: {
    commServe?: SimulatedCommServe;
    connections?: ConnectionView[];
    info?: Partial<AppInfo>;
    ui?: Partial<UiState>;
    answers?: Record<string, Answer>;
    download?: (token: string, fileName: string) => Promise<void>;
  } = {},
) {
  const commServe = options.commServe ?? simulatedCommServe();
  const connections = { list: options.connections ?? [connectionView()] };
  let fetches = 0;
  const bridge = fakeBridge(
    {
      'app:info': () => ok(appInfo(options.info)),
      'ui:get': () => ok(uiState({ activeConnectionId: connections.list[0]?.id ?? null, ...options.ui })),
      'ui:set': () => ok({}),
      'connections:list': () => ok(connections.list),
      'groups:list': () => ok(commServe.groups),
      'groups:get': (request) => {
        const detail = commServe.groupDetail((request as { groupId: number }).groupId);
        return detail
          ? ok(detail)
          : {
              ok: false,
              error: { kind: 'not-found', message: 'DR group was not found on this CommServe.', details: {} },
            };
      },
      'jobs:fetch': (request) => {
        const { filter, requestId } = request as FetchRequest;
        return ok({ ...commServe.fetch(filter), requestId, fetchId: `fetch-${++fetches}` });
      },
      'jobs:watch': () => ok({}),
      'jobs:unwatch': () => ok({}),
      'jobs:cancel': () => ok({}),
      'report:record': () => ok(REPORT_RECORD),
      ...options.answers,
    },
    options.download ? { download: options.download } : {},
  );
  useBridge(bridge.api);
  return { ...bridge, commServe, connections };
}

/** What main puts on record beside a report's figures, by default: nothing signed, nothing found, not a pack. */
export const REPORT_RECORD: ReportRecord = {
  evidenceSha256: 'e'.repeat(64),
  preparedBy: 'tester',
  note: null,
  signOffs: [],
  findings: [],
  pack: null,
};

/** The app started on `standIn`'s main, as App.svelte starts it: signed-in connections have fetched. */
export async function startedApp(options: Parameters<typeof standIn>[0] = {}) {
  const main = standIn(options);
  const app = new AppState();
  const started = await app.start();
  if (!started.ok) throw new Error(started.error.message);
  return { ...main, app };
}

/**
 * An answer the test releases when it chooses: `answer` is what the channel is given; `reply(result)` sends the
 * reply; `request` resolves with the request once the page has sent it.
 */
export function deferred() {
  let release: (result: Result<unknown>) => void = () => undefined;
  let received: (request: unknown) => void = () => undefined;
  const request = new Promise<unknown>((resolve) => (received = resolve));
  const answer: Answer = (sent) => {
    received(sent);
    return new Promise((resolve) => (release = resolve));
  };
  return { answer, request, reply: (result: Result<unknown>) => release(result) };
}

/**
 * `window.matchMedia` (jsdom has none) with a print medium the test switches: `printing(true)` is the browser
 * laying the page out for print. Put back after each test by setup.ts (vi.unstubAllGlobals).
 */
export function printMedium() {
  const listeners = new Set<(event: MediaQueryListEvent) => void>();
  const medium = {
    matches: false,
    media: 'print',
    addEventListener: (_: string, listener: (event: MediaQueryListEvent) => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: (event: MediaQueryListEvent) => void) => listeners.delete(listener),
  };
  vi.stubGlobal('matchMedia', (query: string) =>
    query === 'print' ? medium : { ...medium, media: query, matches: false },
  );
  return {
    printing(on: boolean) {
      medium.matches = on;
      for (const listener of listeners) listener({ matches: on } as MediaQueryListEvent);
    },
  };
}
