/**
 * The worker thread that reads one large JobStats answer (started by `JobStatsThread`): the body's bytes come in
 * as they arrive (handed over, not copied), and it decodes them, takes their SHA-256 and reads them with the same
 * `JobStatsReader` the calling thread uses for small answers. The operations go back packed as columns, whose
 * memory is handed to the caller, not copied. The process that answers the page meanwhile only passes bytes on.
 */
import { createHash } from 'node:crypto';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { packOperations } from '../contract/operationsWire.js';
import type { DrOperation } from '../contract/model.js';
import { BodyTextDecoder } from './bodyText.js';
import { CommvaultError } from './errors.js';
import { JobStatsReader, readWhole } from './jobStatsReader.js';
import type { FromWorker, ToWorker, WorkerStart } from './jobStatsThread.js';

// On Linux each thread has its own nice value: this one gives way to the thread that answers the page when the CPU is
// busy. (Elsewhere the call would lower the whole process, so it is not made.)
if (process.platform === 'linux') {
  try {
    setPriority(10);
  } catch {
    // Not allowed here: the worker runs at the process's priority.
  }
}

const port = parentPort!;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const decoder = new BodyTextDecoder();
const digest = createHash('sha256');
/** Made by the first message: a worker may be started before it is known what it will read. */
let reader: JobStatsReader;
let failed = false;

function begin(start: WorkerStart): void {
  reader = new JobStatsReader(
    start.preview ? (preview) => post({ type: 'preview', preview }) : undefined,
    start.maxVmRuns,
    true,
  );
}

/** Whether the body came here as bytes (so its digest was taken here), or only as the whole text. */
let hashed = false;

function take(text: string): void {
  hashed = true;
  if (!text) return;
  digest.update(text, 'utf8');
  reader.push(text);
}

function done(operations: DrOperation[]): void {
  const wire = packOperations(operations);
  post({ type: 'done', wire, sha256: hashed ? digest.digest('hex') : undefined }, [
    wire.ops.buffer as ArrayBuffer,
    wire.vms.buffer as ArrayBuffer,
    wire.phases.buffer as ArrayBuffer,
  ]);
}

port.on('message', (message: ToWorker) => {
  if (failed) return;
  try {
    if (message.type === 'start') begin(message);
    else if (message.type === 'bytes') {
      take(decoder.write(message.bytes));
      post({ type: 'read', bytes: message.bytes.byteLength });
    } else if (message.type === 'end') {
      take(decoder.end());
      if (reader.end()) done(reader.operations());
      else post({ type: 'whole' });
    } else done(readWhole({ ...message.response, text: message.text }));
  } catch (error) {
    failed = true;
    post({
      type: 'failed',
      error:
        error instanceof CommvaultError
          ? error.toJSON()
          : { kind: 'internal', message: error instanceof Error ? error.message : String(error) },
    });
  }
});
