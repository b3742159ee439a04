import type { Random } from '../../electron/simulator/random.js';

/** Values that break careless readers: out of range, wrong type, hostile text. */
export const WEIRD: readonly unknown[] = [
  null,
  '',
  -1,
  0,
  -999,
  1e13,
  -1e13,
  12.5,
  '99999999999999999999',
  '1' + '0'.repeat(400),
  'NaN',
  'Infinity',
  true,
  [],
  {},
  [1, 2],
  { time: 'x' },
  '=HYPERLINK("x")',
  '\u0000\u202e',
  'x'.repeat(5000),
];
const KEYS = ['__proto__', 'constructor', 'toString', 'jobId', 'phase', 'time', 'status', '@jobId'];

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A handful of random edits to a copy of `base`: replace a value, drop a key, add a hostile key, nest deeper. */
export function mutate(base: unknown, random: Random): unknown {
  const body = clone(base);
  const edits = random.int(1, 6);
  for (let e = 0; e < edits; e++) {
    let node: unknown = body;
    let parent: Record<string, unknown> | unknown[] | undefined;
    let key: string | number | undefined;
    for (let depth = random.int(1, 8); depth > 0 && typeof node === 'object' && node !== null; depth--) {
      const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
      if (keys.length === 0) break;
      parent = node as Record<string, unknown>;
      key = keys[random.int(0, keys.length - 1)]!;
      node = (node as Record<string | number, unknown>)[key];
    }
    if (!parent || key === undefined) continue;
    const target = parent as Record<string | number, unknown>;
    const action = random.int(0, 3);
    if (action === 0) target[key] = WEIRD[random.int(0, WEIRD.length - 1)];
    else if (action === 1) Reflect.deleteProperty(target, key);
    else if (action === 2 && !Array.isArray(parent))
      Object.defineProperty(parent, KEYS[random.int(0, KEYS.length - 1)]!, {
        value: WEIRD[random.int(0, WEIRD.length - 1)],
        enumerable: true,
        configurable: true,
        writable: true,
      });
    else target[key] = { job: [target[key]], phase: target[key] };
  }
  return body;
}
