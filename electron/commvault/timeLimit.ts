/**
 * The time limit of one exchange. It covers the whole answer, but stands still while the reader of the body has the
 * transfer wait (a large answer read in a worker thread sets the pace then, not the server).
 */
export class ExchangeTimeout {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private deadline = 0;

  constructor(private left: number) {
    this.start();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  pause(): void {
    if (this.timer === undefined) return;
    this.clear();
    this.left = Math.max(0, this.deadline - performance.now());
  }

  resume(): void {
    if (this.timer === undefined && !this.signal.aborted) this.start();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    this.deadline = performance.now() + this.left;
    const timer = setTimeout(
      () => this.controller.abort(new DOMException('The time limit passed.', 'TimeoutError')),
      this.left,
    );
    // Like AbortSignal.timeout: the limit alone keeps no process alive.
    timer.unref?.();
    this.timer = timer;
  }
}

/** `waiting`, or the abort of `signal`, whichever comes first. */
export function unlessAborted(waiting: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    waiting.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
