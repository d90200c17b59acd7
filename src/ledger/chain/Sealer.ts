import type { ProductionRound } from './BlockProducer.ts';

/** When blocks are sealed: as soon as there is work (group commit), or every `intervalMs` when there is work. */
export type SealingMode = { mode: 'instant' } | { mode: 'interval'; intervalMs: number };

/** What the sealer drives: a production round and a cheap check whether one would do anything. */
export type SealerDeps = {
  mode: SealingMode;
  /** Builds one block; resolves once it is built (its write may still be in flight). */
  produce(): Promise<ProductionRound | undefined>;
  /** Resolves once every built block is durable. */
  drain(): Promise<void>;
  hasWork(): boolean;
  /** True when a full block is waiting (seal now even in interval mode). */
  hasFullBlock(): boolean;
  onError(error: unknown): void;
};

const RETRY_MS = 200;

/**
 * Drives block production. In `instant` mode it is a group commit: the first transaction starts a round on the
 * next tick, and everything that arrives while a block is being executed goes into the next block, which executes
 * while the previous one is fsynced; throughput grows with the number of concurrent submitters instead of paying
 * one fsync per transaction.
 */
export class Sealer {
  readonly #d: SealerDeps;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(deps: SealerDeps) {
    this.#d = deps;
    if (deps.mode.mode === 'interval') {
      this.#timer = setInterval(() => this.#kick(), deps.mode.intervalMs);
      this.#timer.unref();
    }
  }

  /** Tells the sealer that a transaction arrived. */
  notify(): void {
    if (this.#d.mode.mode === 'instant' || this.#d.hasFullBlock()) this.#kick();
  }

  /** Reports a failure that happened after a round returned (a block's write) and retries shortly. */
  fail(error: unknown): void {
    this.#d.onError(error);
    this.#scheduleRetry();
  }

  /** Stops the timers, seals whatever is still executable and waits until it is durable. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#retry);
    await this.#running;
    await this.#drain(true);
    try {
      await this.#d.drain();
    } catch (error) {
      this.#d.onError(error);
    }
  }

  #kick(): void {
    if (this.#running || this.#closed || !this.#d.hasWork()) return;
    this.#running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#drain(this.#d.mode.mode === 'instant'))
      .finally(() => {
        this.#running = undefined;
      });
  }

  async #drain(untilIdle: boolean): Promise<void> {
    try {
      do {
        const round = await this.#d.produce();
        if (!round) return;
      } while (untilIdle || this.#d.hasFullBlock());
    } catch (error) {
      this.#d.onError(error);
      this.#scheduleRetry();
    }
  }

  #scheduleRetry(): void {
    if (this.#closed) return;
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => this.#kick(), RETRY_MS);
    this.#retry.unref();
  }
}
