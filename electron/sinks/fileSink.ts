import type { Writable } from 'node:stream';
import type { SaveOutcome } from '../contract/exports.js';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/**
 * Where exported files go. The desktop app asks with the native save dialog and writes there; the browser mode
 * offers a one-time download; the CLI writes to the path it was given. The page never names a path.
 */
export interface FileSink {
  /** Asks where (if it can), then lets `write` stream the content there; large exports never sit in one string. */
  save(suggestedName: string, filters: FileFilter[], write: (out: Writable) => Promise<void>): Promise<SaveOutcome>;
  /** Desktop only: the native open dialog. Returns the file's text, or null when the user cancels. */
  open?(filters: FileFilter[]): Promise<string | null>;
}

export const CSV_FILTER: FileFilter = { name: 'CSV (Excel)', extensions: ['csv'] };
export const RUN_FILTER: FileFilter = { name: 'DR Job Stats run', extensions: ['json'] };
export const PNG_FILTER: FileFilter = { name: 'PNG image', extensions: ['png'] };
export const PDF_FILTER: FileFilter = { name: 'PDF document', extensions: ['pdf'] };
export const HTML_FILTER: FileFilter = { name: 'Web page (HTML)', extensions: ['html'] };

/** A `write` for content that is already whole (a PNG, a run file). */
export function contentWriter(content: string | Uint8Array): (out: Writable) => Promise<void> {
  return (out) =>
    new Promise((resolve, reject) => {
      out.once('error', reject);
      out.once('finish', () => resolve());
      out.end(content);
    });
}
