/**
 * Serialises everything that touches the head state: block production, `eth_call`, `eth_estimateGas` and state
 * reads. One VM and one state manager serve them all, so a call never sees half a block and never pays for a VM copy.
 */
export class StateLock {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it; a failing task does not block the ones after it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
