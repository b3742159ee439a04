import { createHash, type Hash } from 'node:crypto';
import type { DrOperation, FetchPreview } from '../contract/model.js';
import { rememberPacked, unpackOperationsInSlices, type PackedOperations } from '../contract/operationsWire.js';
import type { RawResponse } from './http.js';
import { JobStatsReader, readWhole } from './jobStatsReader.js';
import { cancelled, JobStatsThread, WorkerCrash, type ThreadAnswer } from './jobStatsThread.js';

const MB = 1024 * 1024;

/** Where JobStats answers are read. */
export interface JobStatsReading {
  /**
   * Answers of at least this many bytes (by their format) are read in a worker thread, smaller ones on the thread they
   * arrive on. XML costs about eight times as much to read as JSON, so it moves sooner.
   */
  workerFromBytes: { json: number; xml: number };
}

export const DEFAULT_READING: JobStatsReading = { workerFromBytes: { json: 16 * MB, xml: 1 * MB } };

/** Operations unpacked between two looks at everything else (about 2,500 VM runs, a few milliseconds). */
const UNPACK_SLICE_OPS = 250;

/** An answer that must be read whole (not of the documented shape) is read here up to this size, above in a worker. */
const WHOLE_HERE_CHARS = 1 * MB;

export interface IntakeOptions {
  reading: JobStatsReading;
  /** The declared length (Content-Length), when there is one. */
  totalBytes: number | undefined;
  /** The length the same request's last answer had, when known. */
  expectedBytes?: number | undefined;
  onPreview?: ((preview: FetchPreview) => void) | undefined;
  maxVmRuns?: number;
}

export interface IntakeResult {
  operations: DrOperation[];
  /** SHA-256 of the body's text (UTF-8). */
  sha256: string;
}

/**
 * One JobStats answer on its way in. It is read where it arrives while it is small (a worker costs a start-up); once
 * it proves large (its declared length, the last answer's to the same request, or the bytes so far, past
 * `workerFromBytes`) the bytes so far and all that follow go to a worker thread, which reads them with the same
 * `JobStatsReader` from the start. So the process that answers the page never parses a large answer, and both places
 * read every answer alike.
 */
export class JobStatsIntake {
  private reader: JobStatsReader | undefined;
  private digest: Hash | undefined;
  /** The bytes read here so far, for a worker to read again if the answer proves large. */
  private held: Uint8Array[] = [];
  private received = 0;
  private previewed = false;
  private thread: JobStatsThread | undefined;

  constructor(private readonly options: IntakeOptions) {
    const onPreview = options.onPreview;
    this.reader = new JobStatsReader(
      onPreview &&
        ((preview) => {
          this.previewed = true;
          onPreview(preview);
        }),
      options.maxVmRuns,
    );
    this.digest = createHash('sha256');
  }

  /**
   * The next piece, as text and as its bytes (which this keeps or hands to the worker). A promise when the transfer
   * should wait for the worker to catch up.
   */
  write(text: string, bytes: Uint8Array): Promise<void> | undefined {
    if (this.thread) {
      // What the worker found wrong (more VM runs than a fetch holds) stops the transfer at once.
      if (this.thread.failure && !(this.thread.failure instanceof WorkerCrash)) throw this.thread.failure;
      return bytes.byteLength ? this.thread.send(bytes) : undefined;
    }
    const reader = this.reader!;
    this.digest!.update(text, 'utf8');
    reader.push(text);
    if (bytes.byteLength) {
      this.held.push(bytes);
      this.received += bytes.byteLength;
    }
    const format = reader.format;
    if (format === undefined) return undefined;
    const limit = this.options.reading.workerFromBytes[format === 'xml' ? 'xml' : 'json'];
    const { totalBytes, expectedBytes } = this.options;
    return Math.max(totalBytes ?? 0, expectedBytes ?? 0, this.received) >= limit ? this.handOver() : undefined;
  }

  /** The body is complete (`raw`): its operations and digest. A cancel (`signal`) ends the reading at once. */
  async finish(raw: RawResponse, signal?: AbortSignal): Promise<IntakeResult> {
    try {
      if (!this.thread) {
        const reader = this.reader!;
        const sha256 = this.digest!.digest('hex');
        this.held = [];
        if (reader.end()) return { operations: reader.operations(), sha256 };
        if (raw.text.length <= WHOLE_HERE_CHARS) return { operations: readWhole(raw), sha256 };
        // A large answer of another shape (an error, a wrapping root, damage) is read whole, in a worker.
        this.thread = new JobStatsThread({ preview: false, maxVmRuns: this.options.maxVmRuns });
        return { operations: await this.unpacked(await this.thread.readWhole(raw, signal), signal, raw.url), sha256 };
      }
      let answer: ThreadAnswer | 'whole' = await this.thread.end(signal, raw.url);
      if (answer === 'whole') answer = await this.thread.readWhole(raw, signal);
      return { operations: await this.unpacked(answer, signal, raw.url), sha256: answer.sha256! };
    } catch (error) {
      if (!(error instanceof WorkerCrash)) throw error;
      // The worker could not run: the answer is still read, here (blocking, but never lost).
      console.warn(`${error.message}; reading the answer on the calling thread.`);
      return { operations: readWhole(raw), sha256: createHash('sha256').update(raw.text, 'utf8').digest('hex') };
    } finally {
      this.dispose();
    }
  }

  /** Ends any worker (a failed or cancelled transfer, or a finished answer). */
  dispose(): void {
    this.held = [];
    this.reader = undefined;
    void this.thread?.terminate();
  }

  private handOver(): Promise<void> | undefined {
    const thread = new JobStatsThread(
      { preview: !!this.options.onPreview && !this.previewed, maxVmRuns: this.options.maxVmRuns },
      this.options.onPreview,
    );
    this.thread = thread;
    const waits = this.held.map((bytes) => thread.send(bytes));
    this.held = [];
    this.reader = undefined;
    this.digest = undefined;
    return waits[waits.length - 1];
  }

  /**
   * The worker's columns as operations. The worker is ended (its memory goes while this side's objects are made: waiting
   * for it to stop first cost half a second, and no memory), the columns are unpacked a slice at a time so the process
   * answers everything else meanwhile, and they are handed on to the transport (`rememberPacked`): the page gets them
   * without a second pack.
   */
  private async unpacked(answer: ThreadAnswer, signal: AbortSignal | undefined, url: string): Promise<DrOperation[]> {
    void this.thread!.terminate();
    const wire: PackedOperations = answer.wire;
    const operations = await unpackOperationsInSlices(
      wire,
      () =>
        new Promise<void>((resolve, reject) =>
          setImmediate(() => (signal?.aborted ? reject(cancelled(url)) : resolve())),
        ),
      UNPACK_SLICE_OPS,
    );
    rememberPacked(operations, wire);
    return operations;
  }
}
