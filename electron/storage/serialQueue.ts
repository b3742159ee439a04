/**
 * Tasks that must not overlap (read-modify-write of one file) run one after another, in the order they were
 * queued; a failed task fails only its own caller, and the next one still runs.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has finished, failed ones included. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
