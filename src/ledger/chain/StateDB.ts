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

/** The state writes of one block, taken for its batch: the store operations and the keys they came from. */
export type PendingState = { ops: KeyValueOp[]; keys: string[] };

/** The layers a `StateDB` and its shallow copies share. */
type Layers = {
  /** Written by the block being executed. */
  overlay: Map<string, Uint8Array>;
  /** Taken by blocks that are built but whose batch is not yet durable (the next block reads through them). */
  unwritten: Map<string, Uint8Array>;
  /** Read from, or written to, disk. */
  cache: Map<string, Uint8Array>;
};

/**
 * The database under the state trie. Writes land in an in-memory overlay; the block producer takes them for the
 * block's single atomic batch (`take`) and they stay readable, unwritten, until that batch is durable (`written`),
 * so a crash never leaves state ahead of the head pointer while the next block already executes on top. Nodes are
 * content-addressed and never pruned, which is why historical `eth_call`s keep working and why leftover entries of
 * an aborted block are harmless.
 */
export class StateDB implements DB<string, string | Uint8Array> {
  readonly #store: KeyValueStore;
  readonly #layers: Layers;

  constructor(store: KeyValueStore, layers?: Layers) {
    this.#store = store;
    this.#layers = layers ?? { overlay: new Map(), unwritten: new Map(), cache: new Map() };
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const { overlay, unwritten, cache } = this.#layers;
    const hit = overlay.get(key) ?? unwritten.get(key) ?? cache.get(key);
    if (hit) return hit;
    const value = await this.#store.get(storeKey(key));
    if (value) this.#remember(key, value);
    return value;
  }

  async put(key: string, value: string | Uint8Array): Promise<void> {
    this.#layers.overlay.set(key, typeof value === 'string' ? hexToBytes(`0x${value}`) : value);
  }

  async del(_key: string): Promise<void> {
    // Never prune: historical state roots must stay readable.
  }

  async batch(ops: BatchDBOp<string, string | Uint8Array>[]): Promise<void> {
    for (const op of ops) if (op.type === 'put') await this.put(op.key, op.value);
  }

  /** Shares every layer: storage tries and state copies must see writes not yet on disk. */
  shallowCopy(): StateDB {
    return new StateDB(this.#store, this.#layers);
  }

  async open(): Promise<void> {}

  /** Takes the overlay's writes as store operations for a block's batch; they stay readable until `written`. */
  take(): PendingState {
    const { overlay, unwritten } = this.#layers;
    const ops: KeyValueOp[] = [];
    const keys: string[] = [];
    for (const [key, value] of overlay) {
      ops.push({ type: 'put', key: storeKey(key), value });
      keys.push(key);
      unwritten.set(key, value);
    }
    overlay.clear();
    return { ops, keys };
  }

  /** The batch holding `pending` is durable: its nodes move to the read cache. */
  written(pending: PendingState): void {
    const { unwritten } = this.#layers;
    for (const key of pending.keys) {
      const value = unwritten.get(key);
      if (value === undefined) continue;
      unwritten.delete(key);
      this.#remember(key, value);
    }
  }

  /** A batch failed: everything taken but not written goes back to the overlay (rewritten with a later block). */
  restoreUnwritten(): void {
    const { overlay, unwritten } = this.#layers;
    for (const [key, value] of unwritten) overlay.set(key, value);
    unwritten.clear();
  }

  // Nodes are immutable under their hash, so a cached node is never stale; the bound only caps memory
  // (about 100-500 bytes a node). Eviction drops the oldest insertions.
  #remember(key: string, value: Uint8Array): void {
    const { cache } = this.#layers;
    cache.delete(key);
    cache.set(key, value);
    if (cache.size > NODE_CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }
}
