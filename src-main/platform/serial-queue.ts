/**
 * One serial queue for the main process: tasks run one at a time, in call order. A task that
 * fails rejects its own promise only; the tasks after it still run. Used for engine calls and
 * their audit records (service), vault writes and audit-log writes.
 */
export class SerialQueue {
  /** Tail of the queue; never rejects. */
  #tail: Promise<void> = Promise.resolve();

  /** Run `fn` after every task queued before it; resolves or rejects with its result. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves once every task queued so far has settled (never rejects). */
  idle(): Promise<void> {
    return this.#tail;
  }
}
