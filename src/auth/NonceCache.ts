import { BaseError } from '../errors.ts';

/** The replay cache is full of live nonces; refusing is safer than forgetting one. */
export class NonceCacheFullError extends BaseError {
  override name = 'NonceCacheFullError';
}

/**
 * Remembers which signed requests were already accepted, until they would be refused as too old anyway.
 * Synchronous on purpose: check-and-remember must be one step, or two copies of a request racing each other
 * could both pass. A node with several processes needs an implementation they share.
 */
export interface NonceCache {
  /** Records `key` until `expiresAt` (ms); false when it is already recorded and not yet expired. */
  remember(key: string, expiresAt: number): boolean;
}

/** An in-process `NonceCache` with an injected clock and a bound on live entries. */
export class MemoryNonceCache implements NonceCache {
  readonly #entries = new Map<string, number>();
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(options: { now?: () => number; maxEntries?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxEntries = options.maxEntries ?? 1_000_000;
  }

  /** How many nonces are held (expired ones may linger until the next prune). */
  get size(): number {
    return this.#entries.size;
  }

  remember(key: string, expiresAt: number): boolean {
    const now = this.#now();
    const known = this.#entries.get(key);
    if (known !== undefined && known > now) return false;
    this.#pruneFront(now);
    if (this.#entries.size >= this.#maxEntries) {
      for (const [entry, expiry] of this.#entries) if (expiry <= now) this.#entries.delete(entry);
      if (this.#entries.size >= this.#maxEntries) {
        throw new NonceCacheFullError(`Replay cache holds ${this.#maxEntries} live nonces; refusing more`);
      }
    }
    this.#entries.delete(key);
    this.#entries.set(key, expiresAt);
    return true;
  }

  /** Entries arrive roughly in expiry order, so the oldest are at the front of the map. */
  #pruneFront(now: number): void {
    for (const [entry, expiry] of this.#entries) {
      if (expiry > now) return;
      this.#entries.delete(entry);
    }
  }
}
