import type { ProductionRound } from './BlockProducer.ts';

/** When blocks are sealed: as soon as there is work (group commit), or every `intervalMs` when there is work. */
export type SealingMode = { mode: 'instant' } | { mode: 'interval'; intervalMs: number };

/** What the sealer drives: a production round and a cheap check whether one would do anything. */
export type SealerDeps = {
  mode: SealingMode;
  produce(): Promise<ProductionRound | undefined>;
  hasWork(): boolean;
  /** True when a full block is waiting (seal now even in interval mode). */
  hasFullBlock(): boolean;
  onError(error: unknown): void;
};

const RETRY_MS = 200;

/**
 * Drives block production. In `instant` mode it is a group commit: the first transaction starts a round on the
 * next tick, and everything that arrives while a block is being executed and fsynced goes into the next block, so
 * throughput grows with the number of concurrent submitters instead of paying one fsync per transaction.
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

  /** Stops the timers and seals whatever is still executable. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#retry);
    await this.#running;
    await this.#drain(true);
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
      if (!this.#closed) {
        this.#retry = setTimeout(() => this.#kick(), RETRY_MS);
        this.#retry.unref();
      }
    }
  }
}
