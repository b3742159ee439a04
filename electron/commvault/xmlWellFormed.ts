/**
 * One pass over an XML document that refuses what is not well formed, before the (lenient) parser reads it:
 * unbalanced or crossed tags, unquoted or repeated attributes, a `<` or a bad `&` reference in text or in a value,
 * anything outside the root element but comments, processing instructions and white space, and a second root.
 * It jumps from `<` to `<` with `indexOf` and reads each tag with one sticky regular expression, so it costs a
 * fraction of a general validator. Declarations (`<!DOCTYPE`, `<!ENTITY`) are refused before it runs.
 *
 * The same check reads a document that arrives in pieces (`XmlScanner`), with the same answer for any cut: a
 * large answer is checked while it arrives and never held whole for it.
 */
const NAME = '[A-Za-z_:][-A-Za-z0-9_.:\\u00B7-\\uFFFF]*';
const START_TAG = new RegExp(`<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'y');
const END_TAG = new RegExp(`</(${NAME})\\s*>`, 'y');
/** `&` that does not start one of XML's references. */
const BAD_REFERENCE = /&(?!(?:[A-Za-z_:][-A-Za-z0-9_.:]*|#[0-9]+|#x[0-9A-Fa-f]+);)/;
/** Enough text after a `<` to tell what starts there (`<![CDATA[` is the longest). */
const LOOKAHEAD = 9;

function line(text: string, at: number): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Null when the document is well formed, or why it is not (with its line). */
export function xmlProblem(text: string): string | null {
  return new XmlScanner().check(text);
}

/**
 * What a scan meets outside the root's children's insides: the root, its children, the text and markup between
 * them. Positions are in `text`, the part of the document the scanner holds at that moment.
 */
export interface XmlStructureVisitor {
  /** A start (`open`), empty (`<x/>`) or end tag; `depth` 0 is the root, 1 a child of the root. */
  tag(
    kind: 'open' | 'empty' | 'close',
    name: string,
    depth: number,
    hasAttributes: boolean,
    text: string,
    from: number,
    to: number,
  ): void;
  /** Text between tags; `depth` 0 is outside the root, 1 inside it (between its children). */
  text(depth: number, text: string, from: number, to: number): void;
  /** A comment, processing instruction or CDATA section at `depth` (as for text). */
  markup(depth: number): void;
  /** Everything in `text` before `to` was read and is about to be let go. */
  drop(text: string, to: number): void;
}

/**
 * The check, resumable: `push` each piece as it arrives, then `end`. Where a piece ends inside something (a tag, a
 * comment, a text run), the scan stops before it and takes it up with the next piece; nothing before that is kept.
 * Something that stays unfinished for long (a huge comment) is looked at again only each time what is held has
 * doubled, so the scan stays linear.
 */
export class XmlScanner {
  private readonly open: string[] = [];
  private roots = 0;
  private pending = '';
  /** Characters and newlines of the document before `pending`. */
  private offset = 0;
  private lines = 0;
  private retryAt = 0;
  private problem: string | null = null;

  constructor(private readonly visitor?: XmlStructureVisitor) {}

  /** Takes the next piece; false once the document is known not to be well formed. */
  push(piece: string): boolean {
    if (this.problem !== null) return false;
    this.pending += piece;
    if (this.pending.length < this.retryAt) return true;
    const stopped = this.run(this.pending, false);
    if (this.problem !== null) return false;
    this.release(stopped);
    return true;
  }

  /** The document is complete: null when it is well formed, or why it is not. */
  end(): string | null {
    if (this.problem === null) {
      const text = this.pending;
      this.pending = '';
      const stopped = this.run(text, true);
      if (this.problem === null) this.visitor?.drop(text, stopped);
    }
    return this.problem;
  }

  /** A whole document at once (the same scan, nothing to hold back). */
  check(text: string): string | null {
    this.pending = text;
    return this.end();
  }

  private release(stopped: number): void {
    if (stopped === 0) {
      // No progress: the held text is one unfinished thing; look again once it has doubled.
      this.retryAt = 2 * this.pending.length;
      return;
    }
    const text = this.pending;
    this.visitor?.drop(text, stopped);
    for (let i = text.indexOf('\n'); i !== -1 && i < stopped; i = text.indexOf('\n', i + 1)) this.lines++;
    this.offset += stopped;
    this.pending = text.slice(stopped);
    this.retryAt = 0;
  }

  private fail(why: string, text: string, at: number): number {
    this.problem = `${why} (line ${this.lines + line(text, at)})`;
    return -1;
  }

  /**
   * Scans `text` (what is held) from its start. Not `final`: stops where something is not complete yet and returns
   * that position. `final`: the document ends with `text`. A problem is kept in `problem` (returns -1).
   */
  private run(text: string, final: boolean): number {
    const open = this.open;
    const visitor = this.visitor;
    let at = 0;
    // The next `&` at or after `at`, found once and reused until passed (no slice of every text between tags). None
    // left is the text's end, not -1: -1 is before every text run and sent each one to search the rest again (a body
    // without `&`, as most are, took quadratic time).
    let amp = -1;
    const referenceProblem = (from: number, to: number): boolean => {
      if (amp < from) {
        amp = text.indexOf('&', from);
        if (amp === -1) amp = text.length;
      }
      if (amp >= to) return false;
      return BAD_REFERENCE.test(text.slice(from, to));
    };
    // A tag holds no `<`: one that does not match while another `<` follows is damaged, not unfinished.
    const unfinished = (lt: number) => !final && text.indexOf('<', lt + 1) === -1;
    for (;;) {
      const lt = text.indexOf('<', at);
      // A text run may go on in the next piece (its checks need all of it).
      if (lt === -1 && !final) return at;
      const stop = lt === -1 ? text.length : lt;
      if (stop > at) {
        if (referenceProblem(at, stop)) return this.fail('A "&" is not a reference', text, at);
        if (open.length === 0 && text.slice(at, stop).trim() !== '')
          return this.fail('Text outside the root element', text, at);
        if (visitor && open.length <= 1) visitor.text(open.length, text, at, stop);
      }
      if (lt === -1) break;
      if (!final && lt + LOOKAHEAD > text.length) return lt;
      const next = text.charCodeAt(lt + 1);
      if (next === 63 /* ? */) {
        if (this.offset + lt > 0 && /^<\?xml[\s?]/i.test(text.slice(lt, lt + 6)))
          return this.fail('An XML declaration is allowed only at the very start', text, lt);
        const end = text.indexOf('?>', lt + 2);
        if (end === -1) return final ? this.fail('An unclosed processing instruction', text, lt) : lt;
        if (visitor && open.length <= 1) visitor.markup(open.length);
        at = end + 2;
        continue;
      }
      if (next === 33 /* ! */) {
        if (text.startsWith('<!--', lt)) {
          const end = text.indexOf('-->', lt + 4);
          if (end === -1) return final ? this.fail('An unclosed comment', text, lt) : lt;
          if (visitor && open.length <= 1) visitor.markup(open.length);
          at = end + 3;
          continue;
        }
        if (text.startsWith('<![CDATA[', lt) && open.length > 0) {
          const end = text.indexOf(']]>', lt + 9);
          if (end === -1) return final ? this.fail('An unclosed CDATA section', text, lt) : lt;
          if (visitor && open.length <= 1) visitor.markup(open.length);
          at = end + 3;
          continue;
        }
        return this.fail('A declaration is not allowed here', text, lt);
      }
      if (next === 47 /* / */) {
        END_TAG.lastIndex = lt;
        const end = END_TAG.exec(text);
        if (!end) return unfinished(lt) ? lt : this.fail('A damaged closing tag', text, lt);
        const expected = open.pop();
        if (expected !== end[1]) {
          return this.fail(expected ? `</${end[1]}> closes <${expected}>` : `</${end[1]}> closes nothing`, text, lt);
        }
        at = END_TAG.lastIndex;
        if (visitor && open.length <= 1) visitor.tag('close', end[1]!, open.length, false, text, lt, at);
        continue;
      }
      START_TAG.lastIndex = lt;
      const start = START_TAG.exec(text);
      if (!start) {
        return unfinished(lt)
          ? lt
          : this.fail('A damaged tag (an unquoted or unfinished attribute, or a bad name)', text, lt);
      }
      const attributes = start[2]!;
      if (attributes) {
        if (referenceProblem(lt, START_TAG.lastIndex)) return this.fail('A "&" is not a reference', text, lt);
        if (attributes.indexOf('=') !== attributes.lastIndexOf('=') && hasRepeatedAttribute(attributes))
          return this.fail('A repeated attribute', text, lt);
      }
      if (open.length === 0) {
        this.roots++;
        if (this.roots > 1) return this.fail('A second root element', text, lt);
      }
      at = START_TAG.lastIndex;
      const empty = start[3] === '/';
      if (visitor && open.length <= 1) {
        visitor.tag(empty ? 'empty' : 'open', start[1]!, open.length, attributes !== '', text, lt, at);
      }
      if (!empty) open.push(start[1]!);
    }
    if (open.length > 0) return this.fail(`<${open[open.length - 1]}> is never closed`, text, text.length);
    if (this.roots === 0) {
      this.problem = 'No root element (line 1)';
      return -1;
    }
    return text.length;
  }
}

/** The careful reading, for the rare tag whose quick count saw a name twice (a value may look like `a=`). */
function hasRepeatedAttribute(attributes: string): boolean {
  const names = new Set<string>();
  const attribute = new RegExp(`\\s+(${NAME})\\s*=\\s*(?:"[^"<]*"|'[^'<]*')`, 'y');
  for (let match = attribute.exec(attributes); match; match = attribute.exec(attributes)) {
    if (names.has(match[1]!)) return true;
    names.add(match[1]!);
  }
  return false;
}
