import type { TypedTransaction } from '@ethereumjs/tx';
import { bytesToHex } from '@ethereumjs/util';
import { RpcError, RpcErrorCode } from '../rpc/RpcError.ts';

/** A validated transaction waiting for a block, with its recovered sender (lower-case hex) and arrival order. */
export type PooledTx = {
  tx: TypedTransaction;
  sender: string;
  senderBytes: Uint8Array;
  hash: string;
  seq: number;
};

/** `nextNonce` is the next nonce to execute: past the account nonce and the sender's transactions in flight. */
type SenderQueue = { nextNonce: bigint; txs: Map<bigint, PooledTx> };

/** How far ahead of the account nonce a transaction may be held (a gap waits for the missing nonces). */
const MAX_NONCE_GAP = 1024n;
/** A replacement must raise both fee fields by at least this percentage (geth's price bump). */
const PRICE_BUMP_PERCENT = 10n;

const tip = (tx: TypedTransaction): bigint =>
  'maxPriorityFeePerGas' in tx ? tx.maxPriorityFeePerGas : (tx as { gasPrice: bigint }).gasPrice;
const feeCap = (tx: TypedTransaction): bigint =>
  'maxFeePerGas' in tx ? tx.maxFeePerGas : (tx as { gasPrice: bigint }).gasPrice;

/**
 * Transactions accepted but not yet durably sealed. Per sender they are keyed by nonce: a run of consecutive nonces
 * starting at the account nonce is executable; anything after a gap waits until the gap is filled. A nonce that is
 * already pooled can only be replaced by the same transaction with fees raised by ≥ 10%. Transactions in a block
 * that is built but not yet on disk are "in flight": no longer executable, still pooled (so a receipt poll answers
 * null without touching the disk) until `removeSealed`, or executable again after `returnInFlight`.
 */
export class Mempool {
  readonly #senders = new Map<string, SenderQueue>();
  readonly #byHash = new Map<string, PooledTx>();
  readonly #maxSize: number;
  #seq = 0;

  constructor(maxSize: number) {
    this.#maxSize = maxSize;
  }

  get size(): number {
    return this.#byHash.size;
  }

  /** A pooled (not yet sealed) transaction by hash. */
  get(hash: string): PooledTx | undefined {
    return this.#byHash.get(hash);
  }

  /**
   * Adds a transaction whose signature, chain, balance and fee were already checked; `accountNonce` is the
   * sender's nonce at the head. Throws `RpcError(-32003)` for a stale nonce, a full pool or an underpriced replacement.
   */
  add(tx: TypedTransaction, senderBytes: Uint8Array, accountNonce: bigint): PooledTx {
    const sender = bytesToHex(senderBytes);
    const hash = bytesToHex(tx.hash());
    const known = this.#byHash.get(hash);
    if (known) return known;
    // An existing queue's next nonce is kept by the block producer (in flight, sealed, returned); the account
    // nonce only seeds a new one.
    const queue = this.#senders.get(sender) ?? { nextNonce: accountNonce, txs: new Map<bigint, PooledTx>() };
    if (tx.nonce < queue.nextNonce) {
      throw rejected(`nonce too low: next nonce ${queue.nextNonce}, transaction nonce ${tx.nonce}`);
    }
    if (tx.nonce > queue.nextNonce + MAX_NONCE_GAP) {
      throw rejected(`nonce too high: next nonce ${queue.nextNonce}, transaction nonce ${tx.nonce}`);
    }
    const previous = queue.txs.get(tx.nonce);
    if (previous) {
      const bump = (value: bigint) => value + (value * PRICE_BUMP_PERCENT) / 100n;
      if (
        feeCap(tx) < bump(feeCap(previous.tx)) ||
        tip(tx) < bump(tip(previous.tx)) ||
        tip(tx) === tip(previous.tx)
      ) {
        throw rejected(
          `replacement transaction underpriced: raise both fees by at least ${PRICE_BUMP_PERCENT}%`,
        );
      }
      this.#byHash.delete(previous.hash);
    } else if (this.#byHash.size >= this.#maxSize) {
      throw rejected(`transaction pool is full (${this.#maxSize} transactions); retry shortly`);
    }
    const pooled: PooledTx = { tx, sender, senderBytes, hash, seq: this.#seq++ };
    queue.txs.set(tx.nonce, pooled);
    this.#senders.set(sender, queue);
    this.#byHash.set(hash, pooled);
    return pooled;
  }

  /** The nonce a new transaction of `sender` should use: after the account nonce and every consecutive pooled one. */
  pendingNonce(sender: string, accountNonce: bigint): bigint {
    const queue = this.#senders.get(sender);
    let nonce = queue && queue.nextNonce > accountNonce ? queue.nextNonce : accountNonce;
    while (queue?.txs.has(nonce)) nonce++;
    return nonce;
  }

  /** Whether some sender has a transaction at its next nonce. */
  hasExecutable(): boolean {
    for (const queue of this.#senders.values()) if (queue.txs.has(queue.nextNonce)) return true;
    return false;
  }

  /**
   * Up to `limit` executable transactions in arrival order, each sender's in nonce order. A transaction's sort key
   * is the latest arrival among itself and its sender's earlier nonces, so a nonce that filled a gap pulls the
   * transactions it unblocked along after it.
   */
  executable(limit: number): PooledTx[] {
    const picked: { pooled: PooledTx; key: number }[] = [];
    for (const queue of this.#senders.values()) {
      let key = -1;
      for (let nonce = queue.nextNonce; ; nonce++) {
        const pooled = queue.txs.get(nonce);
        if (!pooled) break;
        key = Math.max(key, pooled.seq);
        picked.push({ pooled, key });
      }
    }
    picked.sort((a, b) => a.key - b.key || Number(a.pooled.tx.nonce - b.pooled.tx.nonce));
    return picked.slice(0, limit).map((p) => p.pooled);
  }

  /** Marks transactions as executed into a block that is not yet durable: later nonces become executable. */
  markInFlight(txs: readonly PooledTx[]): void {
    for (const pooled of txs) {
      const queue = this.#senders.get(pooled.sender);
      if (queue && pooled.tx.nonce + 1n > queue.nextNonce) queue.nextNonce = pooled.tx.nonce + 1n;
    }
  }

  /** The block holding these in-flight transactions was not written: they are executable again, in nonce order. */
  returnInFlight(txs: readonly PooledTx[]): void {
    for (const pooled of txs) {
      const queue = this.#senders.get(pooled.sender);
      if (queue?.txs.get(pooled.tx.nonce) === pooled && pooled.tx.nonce < queue.nextNonce) {
        queue.nextNonce = pooled.tx.nonce;
      }
    }
  }

  /** Forgets transactions whose block is durable and moves each sender's next nonce past them. */
  removeSealed(sealed: readonly PooledTx[]): void {
    for (const pooled of sealed) {
      this.#byHash.delete(pooled.hash);
      const queue = this.#senders.get(pooled.sender);
      if (!queue) continue;
      queue.txs.delete(pooled.tx.nonce);
      if (pooled.tx.nonce + 1n > queue.nextNonce) queue.nextNonce = pooled.tx.nonce + 1n;
      if (queue.txs.size === 0) this.#senders.delete(pooled.sender);
    }
  }

  /** Drops a transaction that failed at build time (it would fail again); later nonces wait for a replacement. */
  drop(pooled: PooledTx): void {
    const queue = this.#senders.get(pooled.sender);
    if (queue) {
      this.#drop(queue, pooled.tx.nonce);
      if (queue.txs.size === 0) this.#senders.delete(pooled.sender);
    }
    this.#byHash.delete(pooled.hash);
  }

  #drop(queue: SenderQueue, nonce: bigint): void {
    const pooled = queue.txs.get(nonce);
    queue.txs.delete(nonce);
    if (pooled) this.#byHash.delete(pooled.hash);
  }
}

function rejected(message: string): RpcError {
  return new RpcError(RpcErrorCode.TransactionRejected, message);
}
