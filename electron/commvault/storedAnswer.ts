import type { DrOperation } from '../contract/model.js';
import { DEFAULT_READING, JobStatsIntake } from './jobStatsIntake.js';

/** The first piece is small: it tells the answer's format, and a large answer then goes to a worker whole. */
const FIRST_PIECE_CHARS = 64 * 1024;

/**
 * A JobStats answer kept in a saved run, read again as a fetch reads it: the same reader and normaliser, in a worker
 * thread once it is large, so checking a large run never stalls the thread that answers the page.
 */
export async function readStoredAnswer(text: string, contentType: string): Promise<DrOperation[]> {
  const intake = new JobStatsIntake({ reading: DEFAULT_READING, totalBytes: Buffer.byteLength(text, 'utf8') });
  try {
    for (let at = 0; at < text.length;) {
      let end = Math.min(text.length, at === 0 ? FIRST_PIECE_CHARS : text.length);
      // Never split a surrogate pair: each piece is encoded on its own.
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1;
      const piece = text.slice(at, end);
      await intake.write(piece, Buffer.from(piece, 'utf8'));
      at = end;
    }
    const raw = { status: 200, contentType, text, url: 'the saved answer' };
    return (await intake.finish(raw)).operations;
  } finally {
    intake.dispose();
  }
}
