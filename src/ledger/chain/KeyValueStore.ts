/** One write of an atomic batch. */
export type KeyValueOp =
  | { type: 'put'; key: Uint8Array; value: Uint8Array }
  | { type: 'del'; key: Uint8Array };

/** A key range in byte order: `gte <= key < lt`, at most `limit` keys. */
export type KeyRange = { gte: Uint8Array; lt: Uint8Array; limit?: number | undefined };

/**
 * The ordered byte key-value store under the chain (LevelDB on disk, a sorted map in unit tests). `write` is
 * atomic and durable (fsync) before it resolves: that is what makes a returned receipt survive `kill -9`.
 */
export interface KeyValueStore {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  write(ops: readonly KeyValueOp[]): Promise<void>;
  keys(range: KeyRange): Promise<Uint8Array[]>;
  close(): Promise<void>;
}
