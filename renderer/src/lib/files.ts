import type { Result } from '$contract/errors';
import type { SaveOutcome } from '$contract/exports';
import { bridge } from './api';
import { unexpectedError } from './transport';

/**
 * Finishes an export: a browser-mode file is downloaded; says in words what happened, for a status line. Never
 * throws: a download that fails (the app stopped, or refused the token) is said in words too.
 */
export async function deliver(outcome: SaveOutcome): Promise<string> {
  if (outcome.kind === 'cancelled') return 'Cancelled.';
  if (outcome.kind === 'saved') return `Saved to ${outcome.path}`;
  const download = bridge().download;
  if (!download) return 'The file could not be handed to the browser.';
  try {
    await download(outcome.token, outcome.fileName);
  } catch (thrown) {
    return unexpectedError(thrown).message;
  }
  return `Downloaded ${outcome.fileName}`;
}

/** The status line for an export's answer: what became of the file, or why there is none. */
export function exportStatus(answer: Result<SaveOutcome>): Promise<string> {
  return answer.ok ? deliver(answer.value) : Promise.resolve(answer.error.message);
}
