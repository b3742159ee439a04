/** The documented JobStats shape, `{"job":[`, with any whitespace between its tokens. */
const PREFIX = /^[ \t\n\r]*\{[ \t\n\r]*"job"[ \t\n\r]*:[ \t\n\r]*\[/;
/** What may end such a body after the array: its closing brace, nothing else. */
const SUFFIX = /^[ \t\n\r]*\}[ \t\n\r]*$/;
/** Only JSON's own whitespace (JavaScript's trim also takes NBSP, form feeds and more, which JSON refuses). */
const JSON_WHITESPACE = /^[ \t\n\r]*$/;
/**
 * Parse complete elements in batches of about this many characters. Small batches on purpose: measured on V8, a
 * `JSON.parse` of texts over 128 KB (V8's largest ordinary heap object, so they go to the large-object space) costs
 * about twice as much per character, and made the streamed road twice as slow as one `JSON.parse` of the body.
 */
const BATCH_CHARS = 32 * 1024;
/** The first batch is cut as soon, so the first operations can be shown while the rest is still arriving. */
const FIRST_BATCH_CHARS = 32 * 1024;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/**
 * Splits a JSON JobStats body into its `job[]` entries while it arrives, so parsing runs alongside the transfer
 * and no parse tree of the whole body ever exists (a 100 MB answer is parsed a few hundred KB at a time).
 *
 * It only takes bodies of exactly the documented shape `{"job":[ … ]}`. Anything else (another top-level key, an
 * error body, XML, damaged JSON) makes it give up, and the caller parses the whole text as before; a body is
 * never read differently because it came in pieces. Entries reach `onEntry` in order.
 */
export class JobStatsJsonStream {
  /** Text not yet handed on, in the pieces it arrived in (scanning a piece at a time keeps every string flat). */
  private parts: string[] = [];
  private head = '';
  private depth = 0;
  private inString = false;
  /** Backslashes that ended the last piece inside a string (an odd run escapes the next piece's first quote). */
  private carriedSlashes = 0;
  /** The last complete entry ends in `parts[endPart]` at `endAt` (its comma or the closing bracket), or -1. */
  private endPart = -1;
  private endAt = -1;
  /** Characters in `parts` before the last complete entry's end. */
  private completeChars = 0;
  private partsChars = 0;
  /** The last batch ended at a comma, so another entry must follow. */
  private expectEntry = false;
  private state: 'prefix' | 'quick' | 'entries' | 'suffix' | 'gave-up' = 'prefix';
  private suffix = '';
  /** Quick mode: the text after the last batch handed on, and how an entry starts (`},{"jobId":`). */
  private pending = '';
  private boundary: string | null = null;
  /** Try a cut once this much is pending; rounds of cuts that did not prove out so far. */
  private nextCut = FIRST_BATCH_CHARS;
  private failedCuts = 0;

  constructor(private readonly onEntry: (entry: unknown) => void) {}

  push(chunk: string): void {
    if (this.state === 'gave-up') return;
    if (this.state === 'suffix') {
      this.suffix += chunk;
      if (this.suffix.length > 1024) this.giveUp();
      return;
    }
    if (this.state === 'prefix') {
      this.head += chunk;
      const match = PREFIX.exec(this.head);
      if (!match) {
        if (this.head.length > 256) this.giveUp();
        return;
      }
      chunk = this.head.slice(match[0].length);
      this.head = '';
      this.state = 'quick';
    }
    if (this.state === 'quick') return this.quick(chunk);
    this.scanPiece(chunk);
  }

  /** The body is complete: true when every entry was handed on and the body was of the documented shape. */
  end(): boolean {
    if (this.state === 'quick') this.quickEnd();
    if (this.state === 'entries') this.giveUp();
    if (this.state === 'suffix' && !SUFFIX.test(this.suffix)) this.giveUp();
    return this.state === 'suffix';
  }

  /**
   * The quick way, which needs no scan of every character: entries of one body start alike (`{"jobId":` in
   * Commvault's and the simulator's answers), so a batch is cut at the last `},` + that start, and the cut is
   * proven by parsing: `[` + text + `]` parses only if the text is whole entries (a cut inside a nested object
   * or a string leaves a bracket or a quote open). A body where no cut proves out goes on to the scan.
   */
  private quick(chunk: string): void {
    this.pending += chunk;
    if (this.boundary === null) {
      const start = /^[ \t\n\r]*(\{"[^"\\]{1,64}":)/.exec(this.pending);
      if (start) this.boundary = `},${start[1]}`;
      else if (this.pending.length < 1024) return;
      else return this.toScan();
    }
    // A piece larger than a batch (or several pieces at once) is cut into several batches, each near the batch size.
    cutting: while (this.pending.length >= this.nextCut) {
      let cut = this.pending.lastIndexOf(this.boundary, this.nextCut);
      if (cut <= 0) cut = this.pending.indexOf(this.boundary, this.nextCut);
      for (let tries = 0; cut > 0 && tries < 3; tries++) {
        const entries = parseEntries(this.pending.slice(0, cut + 1));
        if (entries) {
          this.pending = this.pending.slice(cut + 2);
          this.expectEntry = true;
          this.nextCut = BATCH_CHARS;
          for (const entry of entries) this.onEntry(entry);
          continue cutting;
        }
        cut = this.pending.lastIndexOf(this.boundary, cut - 1);
      }
      // Cuts that do not prove out cost parses: a body that keeps them failing is scanned instead.
      this.nextCut = this.pending.length + BATCH_CHARS;
      if (++this.failedCuts >= 4 || this.pending.length >= 4 * BATCH_CHARS) this.toScan();
      return;
    }
  }

  /** The whole body is in: the last entries end at the last `]`, and only `}` may follow it. */
  private quickEnd(): void {
    const close = this.pending.lastIndexOf(']');
    const text = close === -1 ? '' : this.pending.slice(0, close);
    this.suffix = close === -1 ? '' : this.pending.slice(close + 1);
    this.pending = '';
    if (close === -1 || !SUFFIX.test(this.suffix)) return this.giveUp();
    if (JSON_WHITESPACE.test(text)) {
      // `[]` is an empty answer; a comma before `]` is damage, which the whole-text parse reports.
      if (this.expectEntry) this.giveUp();
      else this.state = 'suffix';
      return;
    }
    const entries = parseEntries(text);
    if (!entries) return this.giveUp();
    for (const entry of entries) this.onEntry(entry);
    this.state = 'suffix';
  }

  /** From the quick way to the scan, with what is pending as the first piece (it starts where an entry starts). */
  private toScan(): void {
    const pending = this.pending;
    this.pending = '';
    this.state = 'entries';
    this.scanPiece(pending);
  }

  private scanPiece(chunk: string): void {
    this.parts.push(chunk);
    this.partsChars += chunk.length;
    this.scan(chunk);
    if (this.state === 'entries' && this.completeChars >= BATCH_CHARS) this.flush(false);
  }

  /** Follows strings and nesting through one piece, noting where top-level entries end. */
  private scan(text: string): void {
    const part = this.parts.length - 1;
    const before = this.partsChars - text.length;
    const length = text.length;
    let depth = this.depth;
    let inString = this.inString;
    let i = 0;
    while (i < length) {
      if (inString) {
        const quote = text.indexOf('"', i);
        const end = quote === -1 ? length : quote;
        // Backslashes right before it (counting those that ended the previous piece): an odd run escapes it.
        let slashes = 0;
        let k = end - 1;
        while (k >= i && text.charCodeAt(k) === BACKSLASH) {
          slashes++;
          k--;
        }
        if (k < i) slashes += this.carriedSlashes;
        if (quote === -1) {
          this.carriedSlashes = slashes;
          break;
        }
        this.carriedSlashes = 0;
        i = quote + 1;
        if (slashes % 2 === 0) inString = false;
        continue;
      }
      const code = text.charCodeAt(i);
      if (code === QUOTE) inString = true;
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (depth === 0) {
          // The end of the job array (a `}` here is damage: let the whole-text parse say so).
          if (code === CLOSE_BRACE) return this.giveUp();
          this.endPart = part;
          this.endAt = i;
          this.flush(true);
          if (this.state === 'gave-up') return;
          this.suffix = text.slice(i + 1);
          this.parts = [];
          this.state = 'suffix';
          return;
        }
        depth--;
      } else if (code === COMMA && depth === 0) {
        this.endPart = part;
        this.endAt = i;
        this.completeChars = before + i;
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
  }

  /** Parses the complete entries seen so far: they end at (`endPart`, `endAt`), a comma or (at the end) the bracket. */
  private flush(atEnd: boolean): void {
    if (this.endPart < 0) {
      if (atEnd && this.expectEntry) this.giveUp();
      return;
    }
    const last = this.parts[this.endPart] as string;
    const pieces = this.parts.slice(0, this.endPart);
    pieces.push(last.slice(0, this.endAt));
    const slice = pieces.join('');
    const rest = last.slice(this.endAt + 1);
    this.parts = rest ? [rest, ...this.parts.slice(this.endPart + 1)] : this.parts.slice(this.endPart + 1);
    this.partsChars -= slice.length + 1;
    this.endPart = -1;
    this.endAt = -1;
    this.completeChars = 0;
    if (JSON_WHITESPACE.test(slice)) {
      // `[]` is an empty answer; `[,` or `[1,]` is damage, which the whole-text parse reports.
      if (!atEnd || this.expectEntry) this.giveUp();
      return;
    }
    const entries = parseEntries(slice);
    if (!entries) return this.giveUp();
    this.expectEntry = !atEnd;
    for (const entry of entries) this.onEntry(entry);
  }

  private giveUp(): void {
    this.state = 'gave-up';
    this.pending = '';
    this.parts = [];
    this.head = '';
    this.suffix = '';
  }
}

/** Whole entries, comma-separated, as an array; null when the text is not exactly that. */
function parseEntries(text: string): unknown[] | null {
  try {
    return JSON.parse(`[${text}]`) as unknown[];
  } catch {
    return null;
  }
}
