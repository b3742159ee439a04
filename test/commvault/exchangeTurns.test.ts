import { describe, expect, it } from 'vitest';
import { send } from '../../electron/commvault/http.js';
import type { FetchLike } from '../../electron/commvault/transport.js';

const PIECE = 64 * 1024;
const PIECES = 128;

/** A response whose 8 MB body is all there already: each `read()` then resolves at once, as a queue drains. */
const queuedBody: FetchLike = async () => ({
  status: 200,
  headers: { get: (name) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
  body: new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < PIECES; i++) controller.enqueue(new Uint8Array(PIECE).fill(0x20));
      controller.close();
    },
  }),
});

describe('reading a body that arrives faster than it is read', () => {
  // Loopback delivers a large answer faster than the main thread reads its first megabytes. Each read of a queued
  // body resolves as a microtask, so without a turn of the event loop between pieces, no request of the page was
  // answered until the whole queue was read (200 ms and more in the bench's "longest unanswered gap").
  it('gives the event loop a turn every 10 ms of reading', async () => {
    let piecesRead = 0;
    const answeredAfter: number[] = [];
    // Everything else the process has to do, one piece of it each turn of the event loop.
    let turning = true;
    const turn = () => {
      answeredAfter.push(piecesRead);
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    try {
      const raw = await send(queuedBody, 'http://commserve.test/webconsole/api/DR/JobStats', {
        method: 'GET',
        headers: {},
        timeoutMs: 60_000,
        maxBytes: 64 * 1024 * 1024,
        // Reading takes a millisecond a piece (parsing 64 KB of JSON takes about that).
        bodySink: () => () => {
          const until = performance.now() + 1;
          while (performance.now() < until);
          piecesRead++;
        },
      });
      expect(raw.text.length).toBe(PIECE * PIECES);
    } finally {
      turning = false;
    }
    expect(piecesRead).toBe(PIECES + 1); // every piece, then the decoder's end
    const during = answeredAfter.filter((read) => read > 0 && read < PIECES);
    // A turn at least every 11 pieces (10 ms of reading, and the piece that crossed it).
    expect(during.length).toBeGreaterThanOrEqual(Math.floor(PIECES / 11));
    const gaps = during.map((read, i) => read - (during[i - 1] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(11);
  });
});
