import type { Hash, PublicClient, TransactionReceipt } from 'viem';
import { ReceiptTimeoutError, TransactionDroppedError } from './ledgerErrors.ts';

type Waiter = {
  hash: Hash;
  /** The head when the waiter first looked; a transaction still missing blocks later is checked for a drop. */
  since: bigint | undefined;
  confirmations: number;
  deadline: number;
  timeoutMs: number;
  resolve: (receipt: TransactionReceipt) => void;
  reject: (error: unknown) => void;
};

/**
 * Waits for many transaction receipts with one polling loop: each tick reads the block number once and asks for
 * the receipts still missing only when a new block arrived, so a thousand concurrent waits cost what one does
 * per block (viem's `waitForTransactionReceipt` polls once per hash). A receipt counts once it is
 * `confirmations` blocks deep (1 = mined). A transaction without receipt `dropAfterBlocks` blocks after the
 * wait began is looked up; if the node no longer knows it, the wait fails with `TransactionDroppedError` at once
 * instead of running into the timeout.
 */
export class ReceiptWaiter {
  readonly #client: PublicClient;
  readonly #pollingIntervalMs: number;
  readonly #dropAfterBlocks: bigint;
  readonly #waiters = new Set<Waiter>();
  #timer: NodeJS.Timeout | undefined;
  #lastBlock = -1n;
  #running = false;

  constructor(client: PublicClient, options: { pollingIntervalMs: number; dropAfterBlocks?: number }) {
    this.#client = client;
    this.#pollingIntervalMs = options.pollingIntervalMs;
    this.#dropAfterBlocks = BigInt(options.dropAfterBlocks ?? 2);
  }

  /** Resolves with the receipt once it is `confirmations` deep; rejects with `ReceiptTimeoutError`. */
  wait(hash: Hash, options: { confirmations: number; timeoutMs: number }): Promise<TransactionReceipt> {
    return new Promise((resolve, reject) => {
      this.#waiters.add({
        hash,
        since: undefined,
        confirmations: Math.max(1, options.confirmations),
        deadline: Date.now() + options.timeoutMs,
        timeoutMs: options.timeoutMs,
        resolve,
        reject,
      });
      // A new waiter must look at least once even if no new block arrives (its transaction may be mined already).
      this.#lastBlock = -1n;
      this.#schedule(0);
    });
  }

  /** Rejects every waiter (the client is closing). */
  close(reason: unknown): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiter of this.#waiters) waiter.reject(reason);
    this.#waiters.clear();
  }

  #schedule(delayMs: number): void {
    if (this.#running || this.#timer || this.#waiters.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#tick();
    }, delayMs);
  }

  async #tick(): Promise<void> {
    this.#running = true;
    try {
      const head = await this.#client.getBlockNumber({ cacheTime: 0 });
      if (head !== this.#lastBlock) {
        this.#lastBlock = head;
        await Promise.all([...this.#waiters].map((waiter) => this.#check(waiter, head)));
      }
    } catch {
      // The node is briefly unreachable: keep waiting until each waiter's deadline.
    } finally {
      this.#running = false;
    }
    const now = Date.now();
    for (const waiter of this.#waiters) {
      if (now >= waiter.deadline) {
        this.#waiters.delete(waiter);
        waiter.reject(new ReceiptTimeoutError(waiter.hash, waiter.timeoutMs));
      }
    }
    this.#schedule(this.#pollingIntervalMs);
  }

  async #check(waiter: Waiter, head: bigint): Promise<void> {
    waiter.since ??= head;
    let receipt: TransactionReceipt;
    try {
      receipt = await this.#client.getTransactionReceipt({ hash: waiter.hash });
    } catch {
      // Not mined yet (viem throws TransactionReceiptNotFoundError). Still known to the node?
      if (head - waiter.since < this.#dropAfterBlocks) return;
      const known = await this.#client.request({ method: 'eth_getTransactionByHash', params: [waiter.hash] });
      if (known !== null) return;
      this.#waiters.delete(waiter);
      waiter.reject(new TransactionDroppedError(waiter.hash));
      return;
    }
    if (head - receipt.blockNumber + 1n < BigInt(waiter.confirmations)) return;
    this.#waiters.delete(waiter);
    waiter.resolve(receipt);
  }
}
