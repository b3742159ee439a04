import { z } from 'zod';

/** Every id the page and main exchange (connections, runs, fetches, requests, watches): short, never empty. */
export const IdSchema = z.string().min(1).max(64);

/** A request about one connection. */
export const ConnectionRefSchema = z.object({ connectionId: IdSchema });

/** A request about one saved run. */
export const RunRefSchema = z.object({ runId: IdSchema });
