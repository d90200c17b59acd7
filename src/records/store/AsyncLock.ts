/**
 * A FIFO mutex for async work: one holder at a time, in call order. The embedded stores use it so an open
 * transaction (which awaits between statements) never interleaves with another writer on the same connection.
 */
export class AsyncLock {
  #tail: Promise<void> = Promise.resolve();

  /** Runs `work` once every earlier holder has finished, whether it succeeded or failed. */
  run<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
