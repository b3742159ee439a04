import { writeFileAtomicStreamed } from '../storage/atomicFile.js';
import type { FileSink } from './fileSink.js';

/** The CLI's sink: always the path it was given. */
export function pathSink(path: string): FileSink {
  return {
    async save(_name, _filters, write) {
      return { kind: 'saved', path, bytes: await writeFileAtomicStreamed(path, write) };
    },
  };
}
