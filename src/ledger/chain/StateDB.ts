import type { BatchDBOp, DB } from '@ethereumjs/util';
import { hexToBytes } from '@ethereumjs/util';
import type { KeyValueOp, KeyValueStore } from './KeyValueStore.ts';

/** Key prefix of state-trie nodes and contract code in the key-value store (see ChainStore's layout). */
export const STATE_PREFIX = 0x73; // 's'

/** Trie nodes kept in memory (content-addressed, so never stale). */
const NODE_CACHE_SIZE = 250_000;

function storeKey(hexKey: string): Uint8Array {
  const bytes = hexToBytes(`0x${hexKey}`);
  const key = new Uint8Array(bytes.length + 1);
  key[0] = STATE_PREFIX;
  key.set(bytes, 1);
  return key;
}

/**
 * The database under the state trie. Writes land in an in-memory overlay and reach disk only when the block
 * producer drains them into the block's single atomic batch, so a crash never leaves state ahead of the head
 * pointer. Nodes are content-addressed and never pruned, which is why historical `eth_call`s keep working and
 * why leftover overlay entries from an aborted block are harmless.
 */
export class StateDB implements DB<string, string | Uint8Array> {
  readonly #store: KeyValueStore;
  readonly #overlay: Map<string, Uint8Array>;
  readonly #cache: Map<string, Uint8Array>;

  constructor(
    store: KeyValueStore,
    overlay: Map<string, Uint8Array> = new Map(),
    cache: Map<string, Uint8Array> = new Map(),
  ) {
    this.#store = store;
    this.#overlay = overlay;
    this.#cache = cache;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const hit = this.#overlay.get(key) ?? this.#cache.get(key);
    if (hit) return hit;
    const value = await this.#store.get(storeKey(key));
    if (value) this.#remember(key, value);
    return value;
  }

  async put(key: string, value: string | Uint8Array): Promise<void> {
    this.#overlay.set(key, typeof value === 'string' ? hexToBytes(`0x${value}`) : value);
  }

  async del(_key: string): Promise<void> {
    // Never prune: historical state roots must stay readable.
  }

  async batch(ops: BatchDBOp<string, string | Uint8Array>[]): Promise<void> {
    for (const op of ops) if (op.type === 'put') await this.put(op.key, op.value);
  }

  /** Shares the overlay and cache: storage tries and state copies must see writes not yet on disk. */
  shallowCopy(): StateDB {
    return new StateDB(this.#store, this.#overlay, this.#cache);
  }

  async open(): Promise<void> {}

  /** Takes the pending writes as store operations (for the block's batch) and forgets them after `commit`. */
  pendingOps(): KeyValueOp[] {
    return [...this.#overlay].map(([key, value]) => ({ type: 'put', key: storeKey(key), value }));
  }

  /** Clears the writes returned by `pendingOps` once the batch holding them is durable. */
  clearPending(): void {
    for (const [key, value] of this.#overlay) this.#remember(key, value);
    this.#overlay.clear();
  }

  // Nodes are immutable under their hash, so a cached node is never stale; the bound only caps memory
  // (about 100-500 bytes a node). Eviction drops the oldest insertions.
  #remember(key: string, value: Uint8Array): void {
    this.#cache.delete(key);
    this.#cache.set(key, value);
    if (this.#cache.size > NODE_CACHE_SIZE) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
  }
}
