import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { XmlScanner, xmlProblem } from '../../electron/commvault/xmlWellFormed.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import { Random } from '../../electron/simulator/random.js';
import { jobStatsBody } from '../../electron/simulator/render.js';
import { toXml } from '../../electron/simulator/xml.js';
import { ANCHOR } from '../helpers/commvault.js';

const XML = toXml(
  'Api_VirtualAppJobDetailsResp',
  jobStatsBody(buildDataset({ seed: 6, groups: 2, vms: 2, jobs: 5, anchor: ANCHOR }), {}, ANCHOR),
);

const DAMAGE = ['<', '>', '"', "'", '&', '/', '=', ' ', '</job>', '<job>', '&amp', '<!-- x', 'a="1" a="2"', '\u0000'];

const REFUSED: [string, string, RegExp][] = [
  ['a crossed tag', '<a><b></a></b>', /closes <b>/],
  ['an unclosed root', '<a><b/>', /never closed/],
  ['an unquoted attribute', '<a x=1/>', /damaged tag/],
  ['a repeated attribute', '<a x="1" y="2" x="3"/>', /repeated attribute/],
  ['a bare ampersand in text', '<a>fish & chips</a>', /not a reference/],
  ['a bare ampersand in a value', '<a x="R&D"/>', /not a reference/],
  ['a < in a value', '<a x="<"/>', /damaged tag/],
  ['text after the root', '<a/>trailing', /outside the root/],
  ['two roots', '<a/><b/>', /second root/],
  ['nothing', '  ', /No root/],
  ['a closing tag that closes nothing', '</a>', /closes nothing/],
  ['an unclosed comment', '<a><!-- </a>', /unclosed comment/],
  ['a declaration after the start', ' <?xml version="1.0"?><a/>', /only at the very start/],
];

/** Counts the characters `String.prototype.indexOf` looks at while `work` runs: work measured, never timed. */
function scannedBy(work: () => void): number {
  const indexOf = String.prototype.indexOf;
  let count = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number) {
    const at = indexOf.call(this, search, from);
    count += (at === -1 ? this.length : at + search.length) - Math.max(0, from ?? 0);
    return at;
  };
  try {
    work();
  } finally {
    String.prototype.indexOf = indexOf;
  }
  return count;
}

/** The scanner fed `text` in random pieces (some of one character). */
function inPieces(text: string, random: Random): string | null {
  const scanner = new XmlScanner();
  for (let at = 0; at < text.length;) {
    const size = random.int(0, 3) === 0 ? 1 : random.int(1, Math.max(1, Math.floor(text.length / random.int(1, 30))));
    scanner.push(text.slice(at, at + size));
    at += size;
  }
  return scanner.end();
}

function oneByOne(text: string): string | null {
  const scanner = new XmlScanner();
  for (const character of text) scanner.push(character);
  return scanner.end();
}

/** One random edit at a random place: delete a stretch, or insert one of the damaging pieces. */
function damage(text: string, random: Random): string {
  const at = random.int(0, text.length - 1);
  if (random.int(0, 2) === 0) return text.slice(0, at) + text.slice(at + random.int(1, 12));
  return text.slice(0, at) + DAMAGE[random.int(0, DAMAGE.length - 1)]! + text.slice(at);
}

describe('XML well-formedness in one pass', () => {
  it('takes what Commvault and the simulator send', () => {
    expect(xmlProblem(XML)).toBeNull();
    expect(xmlProblem('<a x="1" y=\'&lt;&#38;&#x26;\'><!-- c --><![CDATA[<not a tag>]]><b/></a>\n')).toBeNull();
  });

  it.each(REFUSED)('refuses %s', (_name, text, why) => {
    expect(xmlProblem(text)).toMatch(why);
  });

  it('checks a 4 MB answer without "&" in one pass over it, as it checks the same answer with "&"', () => {
    // Real JobStats answers rarely hold an "&": the check once rescanned the rest of such a body for each text run.
    // Work is counted (the characters indexOf looks at), never timed.
    const jobs = toXml(
      'Api_VirtualAppJobDetailsResp',
      jobStatsBody(buildDataset({ seed: 3, groups: 8, vms: 10, jobs: 460, anchor: ANCHOR }), {}, ANCHOR),
    ).split('</job>');
    const without = jobs.map((job) => job.replace(/&[^;]*;/g, '_')).join('</job>');
    const withAmp = jobs.map((job, i) => (i % 50 === 0 ? job.replace('clientName="', 'clientName="R&amp;D ') : job));
    expect(without.length).toBeGreaterThan(4_000_000);
    expect(without).not.toContain('&');
    const scanned = (text: string) => scannedBy(() => expect(xmlProblem(text)).toBeNull());
    const work = scanned(without);
    expect(work).toBeLessThan(3 * without.length);
    expect(work).toBeLessThan(1.2 * scanned(withAmp.join('</job>')));
  });

  it('3,000 damaged documents: whatever the library’s validator refuses is refused here too', () => {
    const random = new Random(20261129);
    let refusedByBoth = 0;
    for (let i = 0; i < 3000; i++) {
      let text = XML;
      for (let edits = random.int(1, 3); edits > 0; edits--) text = damage(text, random);
      if (XMLValidator.validate(text) === true) continue;
      expect(xmlProblem(text), text.slice(0, 300)).not.toBeNull();
      refusedByBoth++;
    }
    expect(refusedByBoth).toBeGreaterThan(1000);
  });

  it('gives the same answer, with the same line, for a document in any pieces as for the whole text', () => {
    const random = new Random(77);
    const documents = [
      XML,
      XML.replaceAll('\n', '\r\n'),
      '<a x="1" y=\'&lt;&#38;\'><!-- c --><![CDATA[<not>]]><b/></a>\n',
    ];
    for (let i = 0; i < 600; i++) {
      let text = XML;
      for (let edits = random.int(1, 3); edits > 0; edits--) text = damage(text, random);
      documents.push(text);
    }
    for (const [, text] of REFUSED) documents.push(text, ` ${text}`, `${text}\n`);
    let refused = 0;
    for (const [index, text] of documents.entries()) {
      const whole = xmlProblem(text);
      if (whole !== null) refused++;
      expect(inPieces(text, random), text.slice(0, 200)).toBe(whole);
      // One character at a time, the hardest cut of all.
      if (index < 60 || text.length < 100) expect(oneByOne(text), text.slice(0, 200)).toBe(whole);
    }
    expect(refused).toBeGreaterThan(300);
  });

  it('stays linear for long things cut into many pieces (a comment, a text, a tag with ">" in its values)', () => {
    const big = 2_000_000;
    for (const text of [
      `<a><!--${'x'.repeat(big)}--></a>`,
      `<a>${'y '.repeat(big / 2)}</a>`,
      `<a b="${'>'.repeat(big)}"/>`,
    ]) {
      let problem: string | null = 'not checked';
      const work = scannedBy(() => {
        const scanner = new XmlScanner();
        for (let at = 0; at < text.length; at += 1000) scanner.push(text.slice(at, at + 1000));
        problem = scanner.end();
      });
      expect(problem).toBeNull();
      expect(work).toBeLessThan(8 * text.length);
    }
  });
});
