/**
 * Local nonce bookkeeping for one signer. Nonces are handed out synchronously (`reserve()`), so any number of
 * concurrent writers get distinct, consecutive nonces without asking the node each time.
 *
 * Every reserved nonce ends in one of three ways:
 * - `accepted(n)`: the node took the transaction; it will be mined (or replaced by us).
 * - `release(n)`: the node refused it and the nonce was NOT used; it goes to a free list and the next
 *   `reserve()` hands it out again first, so no gap is left behind later transactions.
 * - `resync()`: the node said the nonce was already used (another sender with the same key, or a transaction
 *   that was lost): the local view is rebuilt from `eth_getTransactionCount(address, 'pending')`.
 *
 * `gaps()` lists released nonces below a nonce the node already accepted: transactions stuck behind a hole.
 * The client fills those with a no-op transaction when no writer reuses them soon.
 */
export class NonceManager {
  readonly address: string;
  readonly #fetchPendingCount: () => Promise<number>;
  #next: number | undefined;
  readonly #free = new Set<number>();
  readonly #inFlight = new Set<number>();
  readonly #accepted = new Set<number>();
  #syncing: Promise<void> | undefined;
  /** The highest nonce a receipt proved mined (a resync answer read before that receipt may be stale). */
  #minedUpTo = -1;

  /** Above this many accepted-but-unconfirmed nonces, a background resync prunes the bookkeeping. */
  static readonly pruneThreshold = 4096;

  constructor(address: string, fetchPendingCount: () => Promise<number>) {
    this.address = address;
    this.#fetchPendingCount = fetchPendingCount;
  }

  /** True once the first `resync()` has read the node's pending count. */
  get ready(): boolean {
    return this.#next !== undefined;
  }

  /** Reads the pending nonce from the node; concurrent callers share one request. */
  resync(): Promise<void> {
    if (!this.#syncing) {
      this.#syncing = this.#fetchPendingCount()
        .then((count) => this.#apply(count))
        .finally(() => {
          this.#syncing = undefined;
        });
    }
    return this.#syncing;
  }

  /**
   * For when the node lost transactions it had accepted (a restart with a volatile pool): forgets which nonces
   * the node holds, so every nonce between its pending count and the book is handed out again. A nonce the
   * node still holds then fails as used and is skipped; only call this when receipts stopped arriving.
   */
  recover(): Promise<void> {
    this.#accepted.clear();
    return this.resync();
  }

  /** The next nonce to sign with: the lowest released one first, else a fresh one. Never returns a nonce twice. */
  reserve(): number {
    if (this.#next === undefined) throw new Error('NonceManager.reserve() before resync()');
    let nonce: number;
    if (this.#free.size > 0) {
      nonce = Math.min(...this.#free);
      this.#free.delete(nonce);
    } else {
      nonce = this.#next;
      this.#next += 1;
    }
    this.#inFlight.add(nonce);
    return nonce;
  }

  /** Takes a specific released nonce (to fill a gap); false if a writer already reused it. */
  claim(nonce: number): boolean {
    if (!this.#free.delete(nonce)) return false;
    this.#inFlight.add(nonce);
    return true;
  }

  /** The node accepted the transaction signed with `nonce`. */
  accepted(nonce: number): void {
    this.#inFlight.delete(nonce);
    this.#accepted.add(nonce);
    if (this.#accepted.size > NonceManager.pruneThreshold) void this.resync().catch(() => {});
  }

  /** The node refused the transaction and did not use `nonce`: hand it out again. */
  release(nonce: number): void {
    this.#inFlight.delete(nonce);
    if (this.#next !== undefined && nonce < this.#next) this.#free.add(nonce);
  }

  /** The node dropped the accepted transaction with `nonce` unmined: hand the nonce out again. */
  dropped(nonce: number): void {
    this.#accepted.delete(nonce);
    this.#inFlight.delete(nonce);
    if (this.#next !== undefined && nonce > this.#minedUpTo && nonce < this.#next) this.#free.add(nonce);
  }

  /** The node reported `nonce` as already used: forget it (call `resync()` next). */
  consumed(nonce: number): void {
    this.#inFlight.delete(nonce);
    this.#accepted.add(nonce);
  }

  /** A receipt proved `nonce` mined, so every lower nonce is mined too. */
  mined(nonce: number): void {
    if (nonce > this.#minedUpTo) this.#minedUpTo = nonce;
    for (const n of this.#accepted) if (n <= nonce) this.#accepted.delete(n);
    for (const n of this.#free) if (n <= nonce) this.#free.delete(n);
  }

  /** Released nonces that block transactions the node already holds (they cannot be mined until filled). */
  gaps(): number[] {
    let highest = -1;
    for (const n of this.#accepted) if (n > highest) highest = n;
    for (const n of this.#inFlight) if (n > highest) highest = n;
    return [...this.#free].filter((n) => n < highest).sort((a, b) => a - b);
  }

  /** Snapshot for tests and diagnostics. */
  inspect(): { next: number | undefined; free: number[]; inFlight: number[]; accepted: number } {
    return {
      next: this.#next,
      free: [...this.#free].sort((a, b) => a - b),
      inFlight: [...this.#inFlight].sort((a, b) => a - b),
      accepted: this.#accepted.size,
    };
  }

  #apply(reportedCount: number): void {
    const pendingCount = Math.max(reportedCount, this.#minedUpTo + 1);
    // Everything below the node's pending count is used (mined or queued in order).
    for (const n of this.#accepted) if (n < pendingCount) this.#accepted.delete(n);
    for (const n of this.#free) if (n < pendingCount) this.#free.delete(n);
    if (this.#next === undefined || pendingCount > this.#next) {
      this.#next = pendingCount;
      return;
    }
    // Nonces we handed out that the node neither holds nor counts, and that nobody is sending right now, were
    // lost (e.g. a node restarted with an empty pool): reuse them so later transactions are not stuck forever.
    for (let n = pendingCount; n < this.#next; n++) {
      if (!this.#inFlight.has(n) && !this.#accepted.has(n)) this.#free.add(n);
    }
  }
}
