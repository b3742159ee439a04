/**
 * A value with binary columns (`Float64Array`s) as one HTTP body, for the browser mode: a small JSON head, then the
 * columns' bytes as they are. The head is `uint32 LE length`, that many bytes of JSON (each column replaced by
 * `{"$f64":[byteOffset,length]}`), padding to 8 bytes; then the columns, each 8-byte aligned. The page views the
 * columns in place (no copy, no number ever written as text). Structured clone (Electron IPC) needs none of this.
 */
export const FRAME_CONTENT_TYPE = 'application/x-drjs-frame';

const COLUMN_KEY = '$f64';

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** The body as pieces to write in order (the columns are views of their own memory, not copies). */
export function encodeFrame(value: unknown): Uint8Array[] {
  const columns: Float64Array[] = [];
  let offset = 0;
  const head = JSON.stringify(value, (_key, inner: unknown) => {
    if (!(inner instanceof Float64Array)) return inner;
    columns.push(inner);
    const placed = [offset, inner.length];
    offset += inner.byteLength;
    return { [COLUMN_KEY]: placed };
  });
  const headBytes = new TextEncoder().encode(head);
  const start = new Uint8Array(align8(4 + headBytes.length));
  new DataView(start.buffer).setUint32(0, headBytes.length, true);
  start.set(headBytes, 4);
  return [start, ...columns.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength))];
}

function isPlacement(value: unknown): value is { [COLUMN_KEY]: [number, number] } {
  return typeof value === 'object' && value !== null && COLUMN_KEY in value;
}

export function decodeFrame(body: ArrayBuffer): unknown {
  if (body.byteLength < 4) throw new Error('The app sent an empty answer.');
  const headLength = new DataView(body).getUint32(0, true);
  if (4 + headLength > body.byteLength) throw new Error('The app sent a damaged answer.');
  const head = new TextDecoder().decode(new Uint8Array(body, 4, headLength));
  const base = align8(4 + headLength);
  return JSON.parse(head, (_key, inner: unknown) => {
    if (!isPlacement(inner)) return inner;
    const [byteOffset, length] = inner[COLUMN_KEY];
    if (!Number.isInteger(byteOffset) || !Number.isInteger(length) || byteOffset % 8 !== 0)
      throw new Error('The app sent a damaged answer.');
    if (base + byteOffset + length * 8 > body.byteLength) throw new Error('The app sent a damaged answer.');
    return new Float64Array(body, base + byteOffset, length);
  });
}

/** For text-only channels (server-sent events): columns as JSON arrays, NaN as null. */
export function columnsAsArrays(_key: string, inner: unknown): unknown {
  return inner instanceof Float64Array ? Array.from(inner, (n) => (Number.isNaN(n) ? null : n)) : inner;
}
