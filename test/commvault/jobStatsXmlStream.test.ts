import { describe, expect, it } from 'vitest';
import { CommvaultError } from '../../electron/commvault/errors.js';
import { readWhole } from '../../electron/commvault/jobStatsReader.js';
import { JobStatsXmlStream } from '../../electron/commvault/jobStatsXmlStream.js';
import { JobStatsNormaliser } from '../../electron/commvault/normaliseJobStats.js';
import type { DrOperation } from '../../electron/contract/model.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import { Random } from '../../electron/simulator/random.js';
import { jobStatsBody } from '../../electron/simulator/render.js';
import { toXml } from '../../electron/simulator/xml.js';
import { mutate } from '../helpers/mutateJobStats.js';

const ANCHOR = 1_790_000_000;
const ROOT = 'Api_VirtualAppJobDetailsResp';
const BASE = jobStatsBody(buildDataset({ seed: 9, groups: 3, vms: 3, jobs: 12, anchor: ANCHOR }), {}, ANCHOR);
const XML = toXml(ROOT, BASE);
/** One `<job>` element of the answer, as sent. */
const JOB = /<job [\s\S]*?\n {2}<\/job>/.exec(XML)![0];

/** The whole-text road: what an answer means when it is read in one piece. */
function whole(text: string): DrOperation[] | 'refused' {
  try {
    return readWhole({ status: 200, contentType: 'application/xml', text, url: 'u' });
  } catch (error) {
    expect(error).toBeInstanceOf(CommvaultError);
    return 'refused';
  }
}

/** The road while arriving, fed the given pieces: its operations, or null when it handed the answer back. */
function streamed(pieces: string[]): DrOperation[] | null {
  const normaliser = new JobStatsNormaliser();
  const stream = new JobStatsXmlStream((entry) => normaliser.add(entry));
  for (const piece of pieces) stream.push(piece);
  return stream.end() ? normaliser.finish() : null;
}

function split(text: string, random: Random): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = random.int(1, Math.max(1, Math.floor(text.length / random.int(1, 40))));
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  return pieces;
}

/** An answer read while arriving is read exactly as the whole text is, or handed back to be read whole. */
function expectSameReading(text: string, random: Random): 'streamed' | 'handed back' {
  const reference = whole(text);
  const result = streamed(split(text, random));
  if (result === null) return 'handed back';
  expect(reference).not.toBe('refused');
  expect(result).toEqual(reference);
  return 'streamed';
}

const DAMAGE = ['<', '>', '"', '&', '/', '=', ' ', '</job>', '<job>', '&amp', '<!-- x', 'a="1" a="2"', '<!DOCTYPE a>'];

describe('an XML JobStats answer read while it arrives', () => {
  it('reads a simulator answer in any pieces exactly as the whole text, also one character at a time', () => {
    const random = new Random(1);
    for (let i = 0; i < 40; i++) expect(expectSameReading(XML, random)).toBe('streamed');
    expect(streamed([...XML])).toEqual(whole(XML));
    expect((whole(XML) as DrOperation[]).length).toBeGreaterThan(5);
  });

  it('reads a large answer in batches, entries in order, with references, CDATA and comments inside entries', () => {
    const big = jobStatsBody(buildDataset({ seed: 2, groups: 10, vms: 10, jobs: 300, anchor: ANCHOR }), {}, ANCHOR);
    const text = toXml(ROOT, big)
      .replaceAll('clientName="', 'clientName="R&amp;D &#x263A; ')
      .replaceAll('<startTime', '<!-- a <comment> --><note><![CDATA[</job><job>]]></note><startTime');
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(expectSameReading(text, new Random(3))).toBe('streamed');
    expect((whole(text) as DrOperation[])[0]!.vms[0]!.client.name).toMatch(/^R&D ☺ /);
  });

  it.each([
    ['no entries', `<${ROOT}></${ROOT}>`, 'streamed'],
    ['an empty root', `<?xml version="1.0"?>\n<${ROOT}/>\n`, 'streamed'],
    [
      'comments and instructions around the root',
      `<!-- a --><?pi x?>\n${XML.split('\n').slice(1).join('\n')}\n<!-- b -->`,
      'streamed',
    ],
    ['entries that are not objects', `<${ROOT}><job/><job>text</job><job jobId="3"/></${ROOT}>`, 'streamed'],
    ['a root with attributes', XML.replace(`<${ROOT}>`, `<${ROOT} errorCode="2" errorMessage="no">`), 'handed back'],
    [
      'an error element after the entries',
      XML.replace(`</${ROOT}>`, `<errList errorCode="5" errLogMessage="x"/></${ROOT}>`),
      'handed back',
    ],
    ['another element before the entries', XML.replace(`<${ROOT}>`, `<${ROOT}><other a="1"/>`), 'handed back'],
    ['text between the entries', XML.replace(`<${ROOT}>`, `<${ROOT}>some text`), 'handed back'],
    ['a non-breaking space between the entries', XML.replace(`<${ROOT}>`, `<${ROOT}>\u00a0`), 'handed back'],
    ['a comment between the entries', XML.replace(`<${ROOT}>`, `<${ROOT}><!-- c -->`), 'handed back'],
    ['CDATA between the entries', XML.replace(`<${ROOT}>`, `<${ROOT}><![CDATA[x]]>`), 'handed back'],
    ['a declaration inside a comment', XML.replace('<phase ', '<!-- <!DOCTYPE x> --><phase '), 'handed back'],
    ['a declaration cut across pieces', XML.replace('<phase ', '<!-- <!ENTITY x "y"> --><phase '), 'handed back'],
    ['an undeclared entity reference, kept as it is', XML.replace('clientName="', 'clientName="&custom;'), 'streamed'],
    ['a name the parser refuses', XML.replace('<phase ', '<phase __proto__="x" '), 'handed back'],
    ['a web page', '<html><head><title>Proxy error</title></head><body>no</body></html>', 'handed back'],
    ['a root named like a page', XML.replaceAll(ROOT, 'HTMLResp'), 'handed back'],
    ['a second root', `${XML}<${ROOT}/>`, 'handed back'],
    ['a truncated answer', XML.slice(0, XML.length / 2), 'handed back'],
    ['junk after the root', `${XML}x`, 'handed back'],
    ['a job inside a job', XML.replace('<phase ', `${JOB}<phase `), 'streamed'],
    ['a namespaced entry', XML.replace('<job ', '<ns:job ').replace('</job>', '</ns:job>'), 'handed back'],
  ])('%s: the same reading either way', (_name, text, road) => {
    expect(expectSameReading(text, new Random(7))).toBe(road);
  });

  it('2,000 mutated and damaged answers: every one read while arriving is read as the whole text reads it', () => {
    const random = new Random(20261130);
    const roads = { streamed: 0, 'handed back': 0 };
    for (let i = 0; i < 2000; i++) {
      const body = mutate(BASE, random);
      let text: string;
      try {
        text = toXml(ROOT, body as Record<string, unknown>);
      } catch {
        continue;
      }
      if (i % 3 === 0) {
        const at = random.int(0, text.length - 1);
        text = text.slice(0, at) + DAMAGE[random.int(0, DAMAGE.length - 1)]! + text.slice(at);
      }
      roads[expectSameReading(text, random)]++;
    }
    expect(roads.streamed).toBeGreaterThan(800);
    expect(roads['handed back']).toBeGreaterThan(200);
  });

  it('refuses an answer with more VM runs than a fetch may hold while it arrives, naming what to do', () => {
    const normaliser = new JobStatsNormaliser(3);
    const stream = new JobStatsXmlStream((entry) => normaliser.add(entry));
    expect(() => {
      for (const piece of split(XML, new Random(8))) stream.push(piece);
      stream.end();
    }).toThrow(/more than 3 VM runs.*Narrow the filter/);
  });
});
