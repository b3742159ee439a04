import { describe, expect, it } from 'vitest';
import { CommvaultError } from '../../electron/commvault/errors.js';
import { JobStatsJsonStream } from '../../electron/commvault/jobStatsStream.js';
import { JobStatsNormaliser, normaliseJobStats } from '../../electron/commvault/normaliseJobStats.js';
import { decodeBody } from '../../electron/commvault/decodeBody.js';
import type { DrOperation } from '../../electron/contract/model.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import { Random } from '../../electron/simulator/random.js';
import { jobStatsBody } from '../../electron/simulator/render.js';
import { mutate } from '../helpers/mutateJobStats.js';

const ANCHOR = 1_790_000_000;
const BASE = jobStatsBody(buildDataset({ seed: 9, groups: 3, vms: 3, jobs: 12, anchor: ANCHOR }), {}, ANCHOR);

/** The whole-text road: what a body means when it is read in one piece. */
function whole(text: string): DrOperation[] | 'refused' {
  try {
    return normaliseJobStats(decodeBody({ status: 200, contentType: 'application/json', text, url: 'u' }));
  } catch (error) {
    expect(error).toBeInstanceOf(CommvaultError);
    return 'refused';
  }
}

/** The streamed road, fed in the given pieces: its operations, or null when it handed the body back. */
function streamed(pieces: string[]): DrOperation[] | null {
  const normaliser = new JobStatsNormaliser();
  const stream = new JobStatsJsonStream((entry) => normaliser.add(entry));
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

/** A streamed body is read exactly as the whole text is, or handed back to be read whole. */
function expectSameReading(text: string, random: Random): 'streamed' | 'handed back' {
  const reference = whole(text);
  const result = streamed(split(text, random));
  if (result === null) return 'handed back';
  expect(reference).not.toBe('refused');
  expect(result).toEqual(reference);
  return 'streamed';
}

describe('streamed JSON JobStats', () => {
  it('reads a simulator answer in any pieces exactly as the whole text', () => {
    const text = JSON.stringify(BASE);
    const random = new Random(1);
    for (let i = 0; i < 50; i++) expect(expectSameReading(text, random)).toBe('streamed');
    expect(streamed([...text])).toEqual(whole(text)); // one character at a time
    expect((whole(text) as DrOperation[]).length).toBeGreaterThan(5);
  });

  it('reads large answers in batches, entries in order', () => {
    const big = jobStatsBody(buildDataset({ seed: 2, groups: 10, vms: 10, jobs: 300, anchor: ANCHOR }), {}, ANCHOR);
    const text = JSON.stringify(big, null, 1);
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(expectSameReading(text, new Random(3))).toBe('streamed');
  });

  it('follows escapes split across pieces, one character at a time', () => {
    const entry = { ...(BASE.job[0] as object), note: 'a\\"]},{\\\\', other: '\\\\"x' };
    const text = JSON.stringify({ job: [entry, BASE.job[1]] });
    expect(streamed([...text])).toEqual(whole(text));
    expect(streamed([...text])).not.toBeNull();
  });

  it('cuts large compact answers where entries start (proven by parsing), and scans those it cannot cut', () => {
    const big = jobStatsBody(buildDataset({ seed: 8, groups: 10, vms: 10, jobs: 300, anchor: ANCHOR }), {}, ANCHOR);
    const compact = JSON.stringify(big);
    expect(compact.length).toBeGreaterThan(1_000_000);
    expect(expectSameReading(compact, new Random(4))).toBe('streamed');
    // Every entry holds objects that start as entries do, and a text that looks like a cut: tries fail, and the
    // body is still read exactly (by the scan, once the quick cuts do not prove out).
    const decoy = (big.job as Record<string, unknown>[]).map((entry, i) => ({
      jobId: entry.jobId,
      nested: Array.from({ length: 20 }, (_, k) => ({ jobId: i + k, note: k === 2 ? '},{"jobId":' : '' })),
      ...entry,
    }));
    expect(expectSameReading(JSON.stringify({ job: decoy }), new Random(5))).toBe('streamed');
    // Entries that start differently from the first one are cut only where they start alike.
    const mixed = (big.job as Record<string, unknown>[]).map((entry, i) =>
      i % 2 ? { replicationId: entry.replicationId, ...entry } : entry,
    );
    expect(expectSameReading(JSON.stringify({ job: mixed }), new Random(6))).toBe('streamed');
  });

  it.each([
    ['an empty list', '{"job":[]}', 'streamed'],
    ['a non-breaking space where JSON allows no whitespace', '{"job":[\u00a0]}', 'handed back'],
    ['a vertical tab in an empty list', '{"job":[\u000b]}', 'handed back'],
    ['whitespace everywhere', ' \n{ "job" :\t[ \r\n] }\n', 'streamed'],
    [
      'brackets, braces and escaped quotes inside strings',
      `{"job":[${JSON.stringify({ ...(BASE.job[0] as object), note: 'a]b}c"d\\\\"e\\\\' })}]}`,
      'streamed',
    ],
    ['a trailing comma', `{"job":[${JSON.stringify(BASE.job[0])},]}`, 'handed back'],
    ['a leading comma', `{"job":[,${JSON.stringify(BASE.job[0])}]}`, 'handed back'],
    ['a missing entry', `{"job":[${JSON.stringify(BASE.job[0])},,${JSON.stringify(BASE.job[1])}]}`, 'handed back'],
    ['another key after the list', `{"job":[${JSON.stringify(BASE.job[0])}],"errorCode":5}`, 'handed back'],
    ['another key before the list', `{"errorCode":5,"job":[]}`, 'handed back'],
    ['a second job list', `{"job":[],"job":[${JSON.stringify(BASE.job[0])}]}`, 'handed back'],
    ['a truncated body', JSON.stringify(BASE).slice(0, 500), 'handed back'],
    ['a byte-order mark', `\uFEFF${JSON.stringify(BASE)}`, 'handed back'],
    ['a wrapping root', `{"resp":${JSON.stringify(BASE)}}`, 'handed back'],
    ['junk after the body', `${JSON.stringify(BASE)}x`, 'handed back'],
    ['a brace closing the list', `{"job":[${JSON.stringify(BASE.job[0])}}}`, 'handed back'],
    ['entries that are not objects', '{"job":[1,"x",null,[2],{"jobId":3}]}', 'streamed'],
  ])('%s: the same reading either way', (_name, text, road) => {
    expect(expectSameReading(text, new Random(7))).toBe(road);
  });

  it('2,000 mutated answers: every one streamed is read as the whole text reads it', () => {
    const random = new Random(20261129);
    const roads = { streamed: 0, 'handed back': 0 };
    for (let i = 0; i < 2000; i++) {
      let text: string;
      try {
        text = JSON.stringify(mutate(BASE, random));
      } catch {
        continue;
      }
      roads[expectSameReading(text, random)]++;
    }
    expect(roads.streamed).toBeGreaterThan(1000);
  });

  it('refuses an answer with more VM runs than a fetch may hold, naming what to do', () => {
    const normaliser = new JobStatsNormaliser(3);
    const stream = new JobStatsJsonStream((entry) => normaliser.add(entry));
    expect(() => {
      stream.push(JSON.stringify(BASE));
      stream.end();
    }).toThrow(/more than 3 VM runs.*Narrow the filter/);
    expect(() => normaliseJobStats(BASE as never, 3)).toThrow(CommvaultError);
  });
});
