/** Arrays longer than this are written a slice at a time. */
const SLICE = 16_384;

function holdsLargeArray(value: unknown, depth = 0): boolean {
  if (Array.isArray(value)) return value.length > SLICE;
  if (typeof value !== 'object' || value === null || depth > 4) return false;
  return Object.values(value).some((inner) => holdsLargeArray(inner, depth + 1));
}

/**
 * `JSON.stringify(value)` as a sequence of pieces whose concatenation is exactly that text, with long arrays
 * written a slice at a time: a 100,000-VM-run answer is never one 35 MB string in memory beside the data it
 * came from.
 */
export function* jsonPieces(value: unknown): Generator<string> {
  if (!holdsLargeArray(value)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let at = 0; at < value.length; at += SLICE) {
      const slice = JSON.stringify(value.slice(at, at + SLICE));
      yield (at === 0 ? '' : ',') + slice.slice(1, -1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (inner === undefined || typeof inner === 'function' || typeof inner === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(inner);
  }
  yield '}';
}
