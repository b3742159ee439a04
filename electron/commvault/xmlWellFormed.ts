/**
 * One pass over an XML document that refuses what is not well formed, before the (lenient) parser reads it:
 * unbalanced or crossed tags, unquoted or repeated attributes, a `<` or a bad `&` reference in text or in a value,
 * anything outside the root element but comments, processing instructions and white space, and a second root.
 * It jumps from `<` to `<` with `indexOf` and reads each tag with one sticky regular expression, so it costs a
 * fraction of a general validator. Declarations (`<!DOCTYPE`, `<!ENTITY`) are refused before it runs.
 *
 * Returns null when the document is well formed, or why it is not (with its line).
 */
const NAME = '[A-Za-z_:][-A-Za-z0-9_.:\\u00B7-\\uFFFF]*';
const START_TAG = new RegExp(`<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'y');
const END_TAG = new RegExp(`</(${NAME})\\s*>`, 'y');
/** `&` that does not start one of XML's references. */
const BAD_REFERENCE = /&(?!(?:[A-Za-z_:][-A-Za-z0-9_.:]*|#[0-9]+|#x[0-9A-Fa-f]+);)/;

function line(text: string, at: number): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

export function xmlProblem(text: string): string | null {
  const fail = (why: string, at: number) => `${why} (line ${line(text, at)})`;
  const open: string[] = [];
  let roots = 0;
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
  for (;;) {
    const lt = text.indexOf('<', at);
    const stop = lt === -1 ? text.length : lt;
    if (stop > at) {
      if (referenceProblem(at, stop)) return fail('A "&" is not a reference', at);
      if (open.length === 0 && text.slice(at, stop).trim() !== '') return fail('Text outside the root element', at);
    }
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 63 /* ? */) {
      if (lt > 0 && /^<\?xml[\s?]/i.test(text.slice(lt, lt + 6)))
        return fail('An XML declaration is allowed only at the very start', lt);
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) return fail('An unclosed processing instruction', lt);
      at = end + 2;
      continue;
    }
    if (next === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) return fail('An unclosed comment', lt);
        at = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt) && open.length > 0) {
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) return fail('An unclosed CDATA section', lt);
        at = end + 3;
        continue;
      }
      return fail('A declaration is not allowed here', lt);
    }
    if (next === 47 /* / */) {
      END_TAG.lastIndex = lt;
      const end = END_TAG.exec(text);
      if (!end) return fail('A damaged closing tag', lt);
      const expected = open.pop();
      if (expected !== end[1]) {
        return fail(expected ? `</${end[1]}> closes <${expected}>` : `</${end[1]}> closes nothing`, lt);
      }
      at = END_TAG.lastIndex;
      continue;
    }
    START_TAG.lastIndex = lt;
    const start = START_TAG.exec(text);
    if (!start) return fail('A damaged tag (an unquoted or unfinished attribute, or a bad name)', lt);
    const attributes = start[2]!;
    if (attributes) {
      if (referenceProblem(lt, START_TAG.lastIndex)) return fail('A "&" is not a reference', lt);
      if (attributes.indexOf('=') !== attributes.lastIndexOf('=') && hasRepeatedAttribute(attributes))
        return fail('A repeated attribute', lt);
    }
    if (open.length === 0) {
      roots++;
      if (roots > 1) return fail('A second root element', lt);
    }
    if (start[3] !== '/') open.push(start[1]!);
    at = START_TAG.lastIndex;
  }
  if (open.length > 0) return fail(`<${open[open.length - 1]}> is never closed`, text.length);
  if (roots === 0) return fail('No root element', 0);
  return null;
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
