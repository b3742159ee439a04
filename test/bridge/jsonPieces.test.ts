import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../electron/bridge/jsonPieces.js';

describe('JSON written in pieces', () => {
  it.each([
    ['a small value', { ok: true, value: { a: [1, 2], b: 'x', c: null, d: undefined } }],
    [
      'long arrays, nested',
      {
        ok: true,
        value: {
          id: 'x',
          operations: { strings: ['a"b'], phases: Array.from({ length: 50_000 }, (_, i) => (i % 7 ? i : null)) },
        },
      },
    ],
    ['a long top-level array', Array.from({ length: 40_000 }, (_, i) => ({ i, s: `v${i}` }))],
    ['keys that need escaping', { 'we"ird\n': Array.from({ length: 20_000 }, () => 'é') }],
  ])('%s: the pieces are exactly JSON.stringify', (_name, value) => {
    const pieces = [...jsonPieces(value)];
    expect(pieces.join('')).toBe(JSON.stringify(value));
  });

  it('writes a long array in several pieces, never one string for all of it', () => {
    const pieces = [...jsonPieces({ phases: Array.from({ length: 100_000 }, (_, i) => i) })];
    expect(pieces.length).toBeGreaterThan(5);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(200_000);
  });
});
