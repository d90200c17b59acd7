import type { Address, Hex } from 'viem';

/** How much headroom an estimate gets: `gas × (1 + marginPercent/100) + extra`. */
export type GasMargin = { marginPercent: number; extra: bigint };

/** The default margin: 30 % plus 20,000 gas (a cold storage slot), enough for argument-size and state drift. */
export const defaultGasMargin: GasMargin = { marginPercent: 30, extra: 20_000n };

type Entry = { gas: bigint; dataLength: number };

/**
 * Gas limits estimated once per contract function and reused, so the hot write path skips `eth_estimateGas`.
 * The key is (contract address, 4-byte selector). A call with longer calldata than the one estimated (bigger
 * arrays or strings) is estimated again, and the cache keeps the larger limit; `forget()` drops an entry after a
 * transaction ran out of gas. Concurrent first calls share one estimate.
 */
export class GasLimitCache {
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<bigint>>();
  readonly #margin: GasMargin;

  constructor(margin: GasMargin = defaultGasMargin) {
    this.#margin = margin;
  }

  /** The cached limit for this call, or the result of `estimate()` with the margin applied. */
  async limitFor(to: Address, data: Hex, estimate: () => Promise<bigint>): Promise<bigint> {
    const key = keyOf(to, data);
    const entry = this.#entries.get(key);
    if (entry && data.length <= entry.dataLength) return entry.gas;
    const running = this.#pending.get(key);
    if (running && entry === undefined) return running;
    const promise = estimate()
      .then((raw) => {
        const gas = withMargin(raw, this.#margin);
        const previous = this.#entries.get(key);
        this.#entries.set(key, {
          gas: previous && previous.gas > gas ? previous.gas : gas,
          dataLength: Math.max(previous?.dataLength ?? 0, data.length),
        });
        return gas;
      })
      .finally(() => {
        if (this.#pending.get(key) === promise) this.#pending.delete(key);
      });
    this.#pending.set(key, promise);
    return promise;
  }

  /** Drop the entry for this call (its limit proved too small). */
  forget(to: Address, data: Hex): void {
    this.#entries.delete(keyOf(to, data));
  }

  /** The cached limit, if any (diagnostics and tests). */
  peek(to: Address, data: Hex): bigint | undefined {
    return this.#entries.get(keyOf(to, data))?.gas;
  }
}

/** `gas` plus the margin, rounded up. */
export function withMargin(gas: bigint, margin: GasMargin = defaultGasMargin): bigint {
  return (gas * BigInt(100 + margin.marginPercent) + 99n) / 100n + margin.extra;
}

function keyOf(to: Address, data: Hex): string {
  return `${to.toLowerCase()}:${data.slice(0, 10).toLowerCase()}`;
}
