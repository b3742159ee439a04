import { hasDeclarations, parseXml, parseXmlChildren } from './decodeBody.js';
import { list } from './loose.js';
import { XmlScanner, type XmlStructureVisitor } from './xmlWellFormed.js';

/** Parse complete `<job>` entries in batches of about this many characters (as the JSON stream does). */
const BATCH_CHARS = 32 * 1024;
/** A root named like a web page's: the whole-text reading reports those as web pages, so it reads them. */
const HTML_ROOT = /^(html|head|body)/i;
/** XML's own white space (JavaScript's trim also takes NBSP and more, which the parser may keep as text). */
const XML_SPACE = /[ \t\n\r]*/y;
/** More than this before or after the root (comments, instructions) is read whole instead. */
const MAX_AROUND_CHARS = 64 * 1024;

/**
 * Reads an XML JobStats answer while it arrives, in bounded memory: the well-formedness check runs piece by piece
 * (`XmlScanner`), and the root's `<job>` children are parsed a batch at a time and handed on, so neither the whole
 * text nor a parse tree of it is ever held here (fast-xml-parser has no streaming API; it reads each batch).
 *
 * It only takes answers of exactly the documented shape: a root without attributes holding nothing but `<job>`
 * elements and white space, with nothing but white space, comments and processing instructions around it. Anything
 * else (an error body, another element, a declaration, damage) makes it give up, and the caller reads the whole
 * text as before; an answer is never read differently because it came in pieces. Entries reach `onEntry` in order.
 */
export class JobStatsXmlStream implements XmlStructureVisitor {
  private readonly scanner = new XmlScanner(this);
  private state: 'prolog' | 'root' | 'epilog' | 'gave-up' = 'prolog';
  /** The root's content not yet parsed: `pieces`, then the scanner's text from `from` on. */
  private pieces: string[] = [];
  private piecesChars = 0;
  private from = 0;
  /** The text before the root, then after it: the parser reads it too (it refuses some the scan takes). */
  private around: string[] = [];
  private aroundChars = 0;
  /** The end of the last piece, where a `<!DOCTYPE` may have begun. */
  private tail = '';

  constructor(private readonly onEntry: (entry: unknown) => void) {}

  push(piece: string): void {
    if (this.state === 'gave-up') return;
    // The whole-text reading refuses a declaration anywhere, even inside a comment: so does this one (by giving up).
    const joint = this.tail + piece.slice(0, 9);
    if (hasDeclarations(joint) || hasDeclarations(piece)) return this.giveUp();
    this.tail = piece.length >= 9 ? piece.slice(-9) : joint.slice(-9);
    if (!this.scanner.push(piece)) this.giveUp();
  }

  /** The answer is complete: true when every entry was handed on and the answer was of the documented shape. */
  end(): boolean {
    if (this.state === 'gave-up') return false;
    if (this.scanner.end() !== null) this.giveUp();
    return this.state === 'epilog' && this.parsesAlone(`<r/>${this.around.join('')}`);
  }

  tag(
    kind: 'open' | 'empty' | 'close',
    name: string,
    depth: number,
    hasAttributes: boolean,
    text: string,
    from: number,
    to: number,
  ): void {
    if (this.state === 'gave-up') return;
    if (depth === 0) {
      if (kind === 'close') {
        this.state = 'epilog';
        this.cut(text, from, true);
        this.from = to;
        return;
      }
      if (hasAttributes || HTML_ROOT.test(name)) return this.giveUp();
      this.keepAround(text, from);
      if (!this.parsesAlone(`${this.around.join('')}<${name}/>`)) return;
      this.around = [];
      this.aroundChars = 0;
      this.state = kind === 'empty' ? 'epilog' : 'root';
      this.from = to;
      return;
    }
    if (kind !== 'close' && name !== 'job') return this.giveUp();
    // An entry ends here: a batch may be cut after it.
    if (kind !== 'open') this.cut(text, to, false);
  }

  text(_depth: number, text: string, from: number, to: number): void {
    XML_SPACE.lastIndex = from;
    XML_SPACE.test(text);
    if (XML_SPACE.lastIndex < to) this.giveUp();
  }

  markup(depth: number): void {
    if (depth > 0) this.giveUp();
  }

  drop(text: string, to: number): void {
    if (this.state === 'prolog' || this.state === 'epilog') return this.keepAround(text, to);
    if (this.state !== 'root') return;
    if (to > this.from) {
      this.pieces.push(text.slice(this.from, to));
      this.piecesChars += to - this.from;
    }
    this.from = 0;
  }

  private cut(text: string, to: number, last: boolean): void {
    if (!last && this.piecesChars + (to - this.from) < BATCH_CHARS) return;
    if (this.state === 'gave-up') return;
    this.pieces.push(text.slice(this.from, to));
    const batch = this.pieces.join('');
    this.pieces = [];
    this.piecesChars = 0;
    this.from = to;
    let entries: unknown[];
    try {
      entries = list(parseXmlChildren(batch), 'job');
    } catch {
      // The whole-text reading says what is wrong.
      return this.giveUp();
    }
    for (const entry of entries) this.onEntry(detached(entry));
  }

  /** Keeps the text before or after the root, from `from` (0 before the root) to `to`. */
  private keepAround(text: string, to: number): void {
    if (to > this.from) {
      this.around.push(text.slice(this.from, to));
      this.aroundChars += to - this.from;
      if (this.aroundChars > MAX_AROUND_CHARS) return this.giveUp();
    }
    this.from = 0;
  }

  /** What is around the root, with an empty root: the parser must take it as the whole reading does. */
  private parsesAlone(text: string): boolean {
    try {
      parseXml(text);
      return true;
    } catch {
      this.giveUp();
      return false;
    }
  }

  private giveUp(): void {
    this.state = 'gave-up';
    this.pieces = [];
    this.around = [];
    this.tail = '';
  }
}

/**
 * The entry with each longer text as a string of its own. V8 keeps a substring of 13 characters or more as a view of
 * the text it was cut from, so one kept client name or error message would keep its whole batch alive: in the end
 * as much memory as the answer, which this reading exists not to hold.
 */
function detached(value: unknown): unknown {
  if (typeof value === 'string') return value.length < 13 ? value : (value + ' ').slice(0, -1);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = detached(value[i]);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) record[key] = detached(record[key]);
  }
  return value;
}
