/** The documented JobStats shape, `{"job":[`, with any whitespace between its tokens. */
const PREFIX = /^[ \t\n\r]*\{[ \t\n\r]*"job"[ \t\n\r]*:[ \t\n\r]*\[/;
/** What may end such a body after the array: its closing brace, nothing else. */
const SUFFIX = /^[ \t\n\r]*\}[ \t\n\r]*$/;
/** Only JSON's own whitespace (JavaScript's trim also takes NBSP, form feeds and more, which JSON refuses). */
const JSON_WHITESPACE = /^[ \t\n\r]*$/;
/** Parse complete elements in batches of about this many characters (fewer, larger `JSON.parse` calls). */
const BATCH_CHARS = 256 * 1024;

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
  private state: 'prefix' | 'entries' | 'suffix' | 'gave-up' = 'prefix';
  private suffix = '';

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
      this.state = 'entries';
    }
    this.parts.push(chunk);
    this.partsChars += chunk.length;
    this.scan(chunk);
    if (this.state === 'entries' && this.completeChars >= BATCH_CHARS) this.flush(false);
  }

  /** The body is complete: true when every entry was handed on and the body was of the documented shape. */
  end(): boolean {
    if (this.state === 'entries') this.giveUp();
    if (this.state === 'suffix' && !SUFFIX.test(this.suffix)) this.giveUp();
    return this.state === 'suffix';
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
    let entries: unknown;
    try {
      entries = JSON.parse(`[${slice}]`);
    } catch {
      return this.giveUp();
    }
    this.expectEntry = !atEnd;
    for (const entry of entries as unknown[]) this.onEntry(entry);
  }

  private giveUp(): void {
    this.state = 'gave-up';
    this.parts = [];
    this.head = '';
    this.suffix = '';
  }
}
