import { randomBytes } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import type { SaveOutcome } from '../contract/exports.js';
import { realTimers, type Timers } from '../contract/timers.js';
import type { FileFilter, FileSink } from './fileSink.js';

const DOWNLOAD_TTL_MS = 10 * 60 * 1000;

/**
 * The browser mode's sink: the file is prepared in memory under a one-time token; the page then fetches it
 * (with the session secret) and hands it to the browser as a download.
 */
export class DownloadSink implements FileSink {
  private readonly files = new Map<string, { name: string; type: string; data: Buffer; expires: number }>();

  constructor(private readonly timers: Pick<Timers, 'now'> = realTimers) {}

  async save(
    suggestedName: string,
    filters: FileFilter[],
    write: (out: Writable) => Promise<void>,
  ): Promise<SaveOutcome> {
    const chunks: Buffer[] = [];
    const collector = new PassThrough();
    collector.on('data', (chunk: Buffer) => chunks.push(chunk));
    await write(collector);
    const data = Buffer.concat(chunks);
    const token = randomBytes(18).toString('base64url');
    const extension = filters[0]?.extensions[0] ?? 'bin';
    this.files.set(token, {
      name: suggestedName,
      type: TYPES[extension] ?? 'application/octet-stream',
      data,
      expires: this.timers.now() + DOWNLOAD_TTL_MS,
    });
    this.sweep();
    return { kind: 'download', token, fileName: suggestedName, bytes: data.length };
  }

  /** Hands a prepared file over once. */
  take(token: string): { name: string; type: string; data: Buffer } | undefined {
    this.sweep();
    const file = this.files.get(token);
    this.files.delete(token);
    return file;
  }

  private sweep(): void {
    const now = this.timers.now();
    for (const [token, file] of this.files) if (file.expires < now) this.files.delete(token);
  }
}

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  png: 'image/png',
  pdf: 'application/pdf',
};
