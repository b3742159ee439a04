import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FetchPreview } from '../contract/model.js';
import type { PackedOperations } from '../contract/operationsWire.js';
import { CommvaultError, type SerializedCommvaultError } from './errors.js';
import type { RawResponse } from './http.js';

/** What the worker is started with. */
export interface WorkerStart {
  /** Whether it tells the first operations of a JSON answer (when the calling thread has not already). */
  preview: boolean;
  maxVmRuns?: number;
}

export type ToWorker =
  | ({ type: 'start' } & WorkerStart)
  | { type: 'bytes'; bytes: Uint8Array }
  | { type: 'end' }
  | { type: 'text'; text: string; response: Pick<RawResponse, 'status' | 'contentType' | 'url'> };

export type FromWorker =
  | { type: 'read'; bytes: number }
  | { type: 'preview'; preview: FetchPreview }
  | { type: 'whole' }
  | { type: 'done'; wire: PackedOperations; sha256: string | undefined }
  | { type: 'failed'; error: SerializedCommvaultError | { kind: 'internal'; message: string } };

export interface ThreadAnswer {
  wire: PackedOperations;
  /** The digest of the bytes it was sent (none when it was only given the whole text). */
  sha256: string | undefined;
}

/**
 * How far the transfer may run ahead of the worker's reading. XML is read slower than loopback delivers it: without a
 * bound, the whole body would wait in the worker's queue, a second copy of it in memory.
 */
const MAX_AHEAD_BYTES = 8 * 1024 * 1024;

/** The worker could not run (its file missing, a crash): the answer can still be read on the calling thread. */
export class WorkerCrash extends Error {}

export function cancelled(url: string): CommvaultError {
  return new CommvaultError('cancelled', 'The request was cancelled.', { url });
}

/**
 * Where the worker's code is. Run from source (tests, `npm run web`, the benchmarks) it is the TypeScript beside this
 * file, loaded through tsx as this process is. Built, it is a bundle of its own beside the main bundle
 * (`out/main/jobStatsWorker.mjs`, made by electron.vite.config.ts); in a packaged app it is unpacked from the asar
 * (electron-builder.yml), as a plain file any Node worker can load.
 */
function workerSource(): { file: URL; execArgv?: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const file = new URL('./jobStatsWorker.ts', here);
    // A worker takes this process's flags: under tsx (`tsx …`, `node --import tsx …`) it has tsx already.
    if (process.execArgv.some((arg) => /(^|[\\/])tsx([\\/]|$)/.test(arg))) return { file };
    return { file, execArgv: ['--import', pathToFileURL(createRequire(here).resolve('tsx')).href] };
  }
  const path = fileURLToPath(new URL('./jobStatsWorker.mjs', here));
  return { file: pathToFileURL(path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')) };
}

/**
 * A worker started ahead and idle (it keeps no process alive), so a large answer does not wait for one to start (about
 * 50 ms built, a second or more from TypeScript through tsx). At most one waits; each serves one answer.
 */
let spare: Worker | undefined;

function startWorker(): Worker {
  const { file, execArgv } = workerSource();
  const worker = new Worker(file, execArgv ? { execArgv } : {});
  // One that fails while it waits is let go (the next answer starts another, and sees why if it fails too).
  worker.on('error', () => {
    if (spare === worker) spare = undefined;
  });
  return worker;
}

/** Has a worker start now, if none is waiting, for an answer that may come large (a JobStats request being sent). */
export function prepareJobStatsWorker(): void {
  if (spare) return;
  spare = startWorker();
  spare.unref();
}

function takeWorker(): Worker {
  const worker = spare ?? startWorker();
  spare = undefined;
  worker.ref();
  return worker;
}

/**
 * One worker thread reading one answer (`jobStatsWorker.ts`), seen from the thread that receives the answer: bytes go
 * in as they arrive, handed over rather than copied; the operations come back as columns. A cancel ends the worker
 * wherever it is. A worker serves one large answer and is ended after it, so its memory goes with it.
 */
export class JobStatsThread {
  private readonly worker: Worker;
  private waiting: { resolve(answer: ThreadAnswer | 'whole'): void; reject(error: Error): void } | undefined;
  private ended = false;
  /** Bytes sent and not yet read, and who waits for the worker to catch up. */
  private ahead = 0;
  private catchingUp: (() => void) | undefined;
  /** Why the worker cannot go on (it reported a failure, or could not run), kept for whoever asks next. */
  failure: Error | undefined;

  constructor(start: WorkerStart, onPreview?: (preview: FetchPreview) => void) {
    this.worker = takeWorker();
    this.worker.postMessage({ type: 'start', ...start } satisfies ToWorker);
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'read') {
        this.ahead -= message.bytes;
        if (this.ahead <= MAX_AHEAD_BYTES / 2) this.caughtUp();
      } else if (message.type === 'preview') onPreview?.(message.preview);
      else if (message.type === 'failed') {
        const { error } = message;
        this.fail(
          error.kind === 'internal'
            ? new Error(error.message)
            : new CommvaultError(error.kind, error.message, error.details),
        );
      } else this.waiting?.resolve(message.type === 'whole' ? 'whole' : message);
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new CommvaultError(
              'too-large',
              'This answer is too large to read in the memory available. Narrow the filter (a DR group, a job ID or a VM) and fetch again.',
              { code: 'OUT_OF_MEMORY' },
            )
          : new WorkerCrash(`The worker reading the answer failed: ${error.message}`, { cause: error }),
      );
    });
    this.worker.on('exit', () => {
      if (!this.ended) this.fail(new WorkerCrash('The worker reading the answer stopped.'));
    });
  }

  /**
   * The next piece of the body. Its memory goes to the worker (a piece that shares its memory is copied first). A
   * promise when the transfer should wait for the worker to catch up.
   */
  send(bytes: Uint8Array): Promise<void> | undefined {
    this.ahead += bytes.byteLength;
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
        ? bytes
        : bytes.slice();
    const message: ToWorker = { type: 'bytes', bytes: own };
    try {
      this.worker.postMessage(message, [own.buffer as ArrayBuffer]);
    } catch {
      // Memory Node will not hand over (its buffer pool) is copied.
      this.worker.postMessage(message);
    }
    if (this.ahead <= MAX_AHEAD_BYTES || this.failure || this.ended) return undefined;
    return new Promise((resolve) => (this.catchingUp = resolve));
  }

  /** The body is complete: the operations, or 'whole' when the worker needs the whole text (`readWhole`). */
  end(signal: AbortSignal | undefined, url: string): Promise<ThreadAnswer | 'whole'> {
    this.worker.postMessage({ type: 'end' } satisfies ToWorker);
    return this.next(signal, url);
  }

  /** The answer read whole, from its text (an answer of a shape not read while arriving). */
  async readWhole(raw: RawResponse, signal: AbortSignal | undefined): Promise<ThreadAnswer> {
    const { status, contentType, url } = raw;
    this.worker.postMessage({
      type: 'text',
      text: raw.text,
      response: { status, contentType, url },
    } satisfies ToWorker);
    const answer = await this.next(signal, url);
    if (answer === 'whole') throw new Error('The worker did not read the whole answer.');
    return answer;
  }

  /** Ends the worker (its memory with it); resolves once it has stopped. */
  async terminate(): Promise<void> {
    this.ended = true;
    this.caughtUp();
    await this.worker.terminate();
  }

  private caughtUp(): void {
    const resolve = this.catchingUp;
    this.catchingUp = undefined;
    resolve?.();
  }

  private next(signal: AbortSignal | undefined, url: string): Promise<ThreadAnswer | 'whole'> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const cancel = () => {
        this.waiting = undefined;
        void this.terminate();
        reject(cancelled(url));
      };
      if (signal?.aborted) return cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      const settle = () => {
        signal?.removeEventListener('abort', cancel);
        this.waiting = undefined;
      };
      this.waiting = {
        resolve: (answer) => {
          settle();
          resolve(answer);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
    });
  }

  private fail(error: Error): void {
    if (this.failure || this.ended) return;
    this.failure = error;
    this.caughtUp();
    this.waiting?.reject(error);
  }
}
