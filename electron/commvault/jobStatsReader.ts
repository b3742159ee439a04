import type { DrOperation, FetchPreview } from '../contract/model.js';
import type { RawResponse } from './http.js';
import { JobStatsJsonStream } from './jobStatsStream.js';
import { JobStatsXmlStream } from './jobStatsXmlStream.js';
import { JobStatsNormaliser, normaliseJobStats } from './normaliseJobStats.js';
import { readBody } from './responses.js';

/**
 * One JobStats answer read while it arrives: JSON of the documented shape is split into its entries
 * (`JobStatsJsonStream`), XML of the documented shape is checked and cut into its `<job>` entries
 * (`JobStatsXmlStream`), and each entry is normalised at once. An answer of any other shape (an error body, damage)
 * is read whole at the end (`readWhole`), so both roads give the same operations or the same error. The same reader
 * runs on the calling thread for a small answer and in a worker thread for a large one (`jobStatsWorker.ts`).
 */
export class JobStatsReader {
  /** Chosen by the answer's first character, as `decodeBody` chooses: `{` JSON, `<` XML, anything else whole. */
  private road: 'undecided' | 'json' | 'xml' | 'whole' = 'undecided';
  /** White space before that first character. */
  private held: string[] = [];
  private stream: JobStatsJsonStream | JobStatsXmlStream | undefined;
  private readonly normaliser: JobStatsNormaliser;
  private previewed: boolean;

  /**
   * `onPreview` is told once of the first operations of a JSON answer, while the rest is still arriving. `shareNames`:
   * see `JobStatsNormaliser` (the worker reading a large answer does).
   */
  constructor(
    private readonly onPreview?: (preview: FetchPreview) => void,
    maxVmRuns?: number,
    shareNames = false,
  ) {
    this.normaliser = new JobStatsNormaliser(maxVmRuns, shareNames);
    this.previewed = !onPreview;
  }

  /** The answer's format as far as it is known. */
  get format(): 'json' | 'xml' | 'other' | undefined {
    return this.road === 'undecided' ? undefined : this.road === 'whole' ? 'other' : this.road;
  }

  /** Takes the next piece of text; throws (a CommvaultError) for an answer with more VM runs than a fetch holds. */
  push(text: string): void {
    if (this.road !== 'undecided') return this.feed(text);
    this.held.push(text);
    const first = /\S/.exec(text)?.[0];
    if (first === undefined) return;
    const held = this.held;
    this.held = [];
    const entry = (value: unknown) => this.normaliser.add(value);
    if (first === '{') {
      this.road = 'json';
      this.stream = new JobStatsJsonStream(entry);
    } else if (first === '<') {
      this.road = 'xml';
      this.stream = new JobStatsXmlStream(entry);
    } else this.road = 'whole';
    for (const piece of held) this.feed(piece);
  }

  /** The answer is complete: true when it was read here, false when it must be read whole (`readWhole`). */
  end(): boolean {
    return this.stream?.end() ?? false;
  }

  /** The operations read (after `end` said true). */
  operations(): DrOperation[] {
    return this.normaliser.finish();
  }

  private feed(text: string): void {
    if (!this.stream) return;
    this.stream.push(text);
    // A JSON answer's first operations are shown while the rest arrives (an XML answer's are not: it comes whole).
    if (!this.previewed && this.road === 'json' && this.normaliser.vmRunCount > 0) {
      this.previewed = true;
      this.onPreview!(this.normaliser.preview());
    }
  }
}

/** The whole text's reading: every error shape, damage and odd shape as before any reading while arriving. */
export function readWhole(raw: RawResponse): DrOperation[] {
  return normaliseJobStats(readBody(raw));
}
