import { ensureBuilt } from './builtCli.js';

/** Vitest global setup: the CLI bundle the tests run is built (or found fresh) once, before any test file. */
export default async function buildOnce(): Promise<void> {
  await ensureBuilt();
}
