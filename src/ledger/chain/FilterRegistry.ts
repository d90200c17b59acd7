import { randomBytes } from 'node:crypto';
import type { LogFilterCriteria } from '../rpc/logFilter.ts';
import { RpcError, RpcErrorCode } from '../rpc/RpcError.ts';

/** A polling filter: new blocks, or logs matching criteria within an optional block range. */
export type ChainFilter =
  | { kind: 'block'; lastSeen: bigint; lastPolled: number }
  | {
      kind: 'log';
      criteria: LogFilterCriteria;
      from: bigint | 'latest';
      to: bigint | 'latest';
      lastSeen: bigint;
      lastPolled: number;
    };

/** A filter as registered (the registry stamps `lastPolled`). */
export type NewChainFilter = {
  [K in ChainFilter['kind']]: Omit<Extract<ChainFilter, { kind: K }>, 'lastPolled'>;
}[ChainFilter['kind']];

/** Filters not polled for this long are removed (geth's default timeout). */
export const FILTER_TIMEOUT_MS = 5 * 60_000;
const MAX_FILTERS = 10_000;

/** The filters of `eth_newFilter`/`eth_newBlockFilter`, keyed by random 16-byte ids; idle ones expire. */
export class FilterRegistry {
  readonly #filters = new Map<string, ChainFilter>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Registers a filter; returns its id. */
  add(filter: NewChainFilter): string {
    this.#expire();
    if (this.#filters.size >= MAX_FILTERS) {
      throw new RpcError(
        RpcErrorCode.LimitExceeded,
        `too many filters (${MAX_FILTERS}); uninstall unused ones`,
      );
    }
    const id = `0x${randomBytes(16).toString('hex')}`;
    this.#filters.set(id, { ...filter, lastPolled: this.#now() });
    return id;
  }

  /** The filter with `id` (refreshing its idle timer); throws -32602 "filter not found" for unknown or expired ids. */
  get(id: unknown): ChainFilter {
    this.#expire();
    const filter = typeof id === 'string' ? this.#filters.get(id.toLowerCase()) : undefined;
    if (!filter)
      throw new RpcError(
        RpcErrorCode.InvalidParams,
        'filter not found (unknown id, or expired after 5 idle minutes)',
      );
    filter.lastPolled = this.#now();
    return filter;
  }

  /** Removes a filter; false if there was none. */
  remove(id: unknown): boolean {
    this.#expire();
    return typeof id === 'string' && this.#filters.delete(id.toLowerCase());
  }

  #expire(): void {
    const deadline = this.#now() - FILTER_TIMEOUT_MS;
    for (const [id, filter] of this.#filters) if (filter.lastPolled < deadline) this.#filters.delete(id);
  }
}
