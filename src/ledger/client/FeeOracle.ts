import type { PublicClient } from 'viem';

/** Fee fields for a transaction: EIP-1559 when the chain has a base fee, legacy otherwise. */
export type TransactionFees =
  | { type: 'eip1559'; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }
  | { type: 'legacy'; gasPrice: bigint };

/**
 * Fees from the latest block's base fee: `maxFeePerGas = 2 × baseFee + tip`, which stays valid through six full
 * blocks of base-fee growth. Answers are cached for `ttlMs` and concurrent callers share one lookup, so a burst
 * of writes costs two requests, not two per write. Works on free-gas networks (base fee 0, Besu `zeroBaseFee`).
 */
export class FeeOracle {
  readonly #client: PublicClient;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #cached: { fees: TransactionFees; at: number } | undefined;
  #pending: Promise<TransactionFees> | undefined;

  constructor(client: PublicClient, options: { ttlMs?: number; now?: () => number } = {}) {
    this.#client = client;
    this.#ttlMs = options.ttlMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Current fees (cached up to `ttlMs`). */
  fees(): Promise<TransactionFees> {
    const cached = this.#cached;
    if (cached && this.#now() - cached.at < this.#ttlMs) return Promise.resolve(cached.fees);
    if (!this.#pending) {
      this.#pending = this.#lookup()
        .then((fees) => {
          this.#cached = { fees, at: this.#now() };
          return fees;
        })
        .finally(() => {
          this.#pending = undefined;
        });
    }
    return this.#pending;
  }

  /** Forget the cached fees (after the node said a fee was too low). */
  invalidate(): void {
    this.#cached = undefined;
  }

  async #lookup(): Promise<TransactionFees> {
    const [block, tip] = await Promise.all([
      this.#client.getBlock({ blockTag: 'latest' }),
      this.#priorityFee(),
    ]);
    if (block.baseFeePerGas === null || block.baseFeePerGas === undefined) {
      const gasPrice = await this.#client.request({ method: 'eth_gasPrice' });
      return { type: 'legacy', gasPrice: BigInt(gasPrice) };
    }
    return {
      type: 'eip1559',
      maxFeePerGas: block.baseFeePerGas * 2n + tip,
      maxPriorityFeePerGas: tip,
    };
  }

  async #priorityFee(): Promise<bigint> {
    try {
      return BigInt(await this.#client.request({ method: 'eth_maxPriorityFeePerGas' }));
    } catch {
      // Nodes without the method (older Besu configs): no tip; a permissioned chain has no fee market to win.
      return 0n;
    }
  }
}
