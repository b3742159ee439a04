import type { SaveOutcome } from '$contract/exports';
import { bridge } from './api';

/** Finishes an export: a browser-mode file is downloaded; says in words what happened, for a status line. */
export async function deliver(outcome: SaveOutcome): Promise<string> {
  if (outcome.kind === 'cancelled') return 'Cancelled.';
  if (outcome.kind === 'saved') return `Saved to ${outcome.path}`;
  const download = bridge().download;
  if (!download) return 'The file could not be handed to the browser.';
  await download(outcome.token, outcome.fileName);
  return `Downloaded ${outcome.fileName}`;
}
