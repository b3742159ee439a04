import type { FetchLike } from '../../electron/commvault/transport.js';

/**
 * `fetch` that tells the test the moment a JobStats body has wholly arrived, before the client hears of it: whatever
 * the test starts there races only the client's reading of the answer, never its transfer.
 */
export function tellingBodyEnd(fetch: FetchLike, onBodyEnd: () => void): FetchLike {
  return async (url, init) => {
    const response = await fetch(url, init);
    if (!url.includes('JobStats') || !response.body) return response;
    const source = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await source.read();
        if (!done) return controller.enqueue(value);
        onBodyEnd();
        controller.close();
      },
      cancel: (reason) => source.cancel(reason),
    });
    return { status: response.status, headers: response.headers, body };
  };
}
