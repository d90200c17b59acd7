/**
 * The chain's on-disk layout and its one atomic commit per block. Every key starts with one ASCII byte:
 *
 *   M                          → rlp[chainId, genesisHash, sealerAddress]        chain identity, written with genesis
 *   H                          → rlp[number, hash]                               head pointer (the last sealed block)
 *   n ‖ u64 number             → block hash                                      canonical index
 *   b ‖ hash                   → rlp[blockRLP, seal(65), [sender(20)…]]          block, its seal, recovered senders
 *   r ‖ hash                   → rlp[[status, cumulativeGas, bloom, logs, created]…]   receipts of the block
 *   t ‖ txHash                 → rlp[number, index]                              transaction lookup
 *   a ‖ address ‖ u64 ‖ u32    → ''                                              log index by emitter
 *   p ‖ u8 pos ‖ topic ‖ u64 ‖ u32 → ''                                          log index by topic at position pos
 *   s ‖ trie key               → trie node or contract code                      state (never pruned)
 *
 * u64/u32 are big-endian so that byte order is numeric order; the u32 is the log's index within its block.
 * Everything a block produces (state nodes, block, receipts, lookups, log index, head) goes into ONE batch written
 * with fsync, so after a crash the store holds either all of a block or none of it, and opening is O(1): read H.
 * Blocks are verified (hash, seal, parent link) when read back, so tampering surfaces as `ChainCorruptedError`.
 */
import { type Block, createBlockFromRLP } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import type { Log } from '@ethereumjs/evm';
import { RLP } from '@ethereumjs/rlp';
import { bigIntToUnpaddedBytes, bytesToBigInt, bytesToHex, equalsBytes } from '@ethereumjs/util';
import { type Address, getAddress, hexToBytes } from 'viem';
import { ChainCorruptedError } from './chainErrors.ts';
import type { KeyValueOp, KeyValueStore } from './KeyValueStore.ts';
import { recoverSealer } from './sealerKey.ts';
import { readU32, readU64, storeKeys } from './storeKeys.ts';

/** Identity of a chain, fixed by its genesis. */
export type ChainMeta = { chainId: bigint; genesisHash: Uint8Array; sealer: Address };
/** A sealed block as stored: the block, its seal and the senders of its transactions (20-byte addresses). */
export type StoredBlock = { block: Block; hash: Uint8Array; seal: Uint8Array; senders: Uint8Array[] };
/** A transaction receipt as stored; `created` is the deployed contract address, if any. */
export type StoredReceipt = {
  status: 0 | 1;
  cumulativeGasUsed: bigint;
  bloom: Uint8Array;
  logs: Log[];
  created: Uint8Array | undefined;
};
/** Where a log sits: block number and its index within the block. */
export type LogPosition = { number: bigint; logIndex: number };

const CACHE_SIZE = 512;
/** Transaction lookups of recent blocks kept in memory: receipt polling asks for the newest ones, repeatedly. */
const TX_CACHE_SIZE = 100_000;
type Rlp = Uint8Array | Rlp[];

/** Reads and writes the chain's records in a `KeyValueStore` with the layout above. */
export class ChainStore {
  readonly #kv: KeyValueStore;
  readonly #common: Common;
  #meta: ChainMeta | undefined;
  readonly #blocks = new Map<string, StoredBlock>();
  readonly #receipts = new Map<string, StoredReceipt[]>();
  readonly #txLocations = new Map<string, { number: bigint; index: number }>();

  constructor(kv: KeyValueStore, common: Common) {
    this.#kv = kv;
    this.#common = common;
  }

  /** Reads the chain identity; undefined for a fresh store. */
  static async readMeta(kv: KeyValueStore): Promise<ChainMeta | undefined> {
    const raw = await kv.get(storeKeys.meta());
    if (!raw) return undefined;
    const [chainId, genesisHash, sealer] = RLP.decode(raw) as Uint8Array[];
    if (!chainId || !genesisHash || !sealer)
      throw new ChainCorruptedError('the chain identity record is malformed');
    return { chainId: bytesToBigInt(chainId), genesisHash, sealer: getAddress(bytesToHex(sealer)) };
  }

  /** Fixes the identity this store verifies against (call before reading blocks). */
  setMeta(meta: ChainMeta): void {
    this.#meta = meta;
  }

  /** The record that writes the identity; goes into the genesis batch. */
  metaOp(meta: ChainMeta): KeyValueOp {
    const value = RLP.encode([
      bigIntToUnpaddedBytes(meta.chainId),
      meta.genesisHash,
      hexToBytes(meta.sealer),
    ]);
    return { type: 'put', key: storeKeys.meta(), value };
  }

  /** The head pointer; undefined for a fresh store. */
  async readHead(): Promise<{ number: bigint; hash: Uint8Array } | undefined> {
    const raw = await this.#kv.get(storeKeys.head());
    if (!raw) return undefined;
    const [number, hash] = RLP.decode(raw) as Uint8Array[];
    if (!number || !hash) throw new ChainCorruptedError('the head pointer is malformed');
    return { number: bytesToBigInt(number), hash };
  }

  /** Reads and verifies a block by hash (hash matches its header, seal by the chain's sealer). */
  async getBlockByHash(hash: Uint8Array): Promise<StoredBlock | undefined> {
    const cacheKey = bytesToHex(hash);
    const cached = this.#blocks.get(cacheKey);
    if (cached) return cached;
    const raw = await this.#kv.get(storeKeys.block(hash));
    if (!raw) return undefined;
    const stored = this.#decodeBlock(raw, hash);
    remember(this.#blocks, cacheKey, stored);
    return stored;
  }

  /** Reads and verifies the canonical block at `number`. */
  async getBlockByNumber(number: bigint): Promise<StoredBlock | undefined> {
    const hash = await this.#kv.get(storeKeys.canonical(number));
    if (!hash) return undefined;
    const stored = await this.getBlockByHash(hash);
    if (!stored || stored.block.header.number !== number) {
      throw new ChainCorruptedError(
        `the canonical index for block ${number} points at a missing or wrong block`,
      );
    }
    return stored;
  }

  /** The receipts of a block, in transaction order. */
  async getReceipts(blockHash: Uint8Array): Promise<StoredReceipt[]> {
    const cacheKey = bytesToHex(blockHash);
    const cached = this.#receipts.get(cacheKey);
    if (cached) return cached;
    const raw = await this.#kv.get(storeKeys.receipts(blockHash));
    const receipts = raw ? (RLP.decode(raw) as Rlp[][]).map(decodeReceipt) : [];
    remember(this.#receipts, cacheKey, receipts);
    return receipts;
  }

  /** Block number and index of a sealed transaction. */
  async getTxLocation(txHash: Uint8Array): Promise<{ number: bigint; index: number } | undefined> {
    const cached = this.#txLocations.get(bytesToHex(txHash));
    if (cached) return cached;
    const raw = await this.#kv.get(storeKeys.tx(txHash));
    if (!raw) return undefined;
    const [number, index] = RLP.decode(raw) as Uint8Array[];
    return {
      number: bytesToBigInt(number ?? new Uint8Array()),
      index: Number(bytesToBigInt(index ?? new Uint8Array())),
    };
  }

  /** Log positions under an index prefix (`storeKeys.addressPrefix`/`topicPrefix`) within a block range. */
  async logPositions(prefix: Uint8Array, from: bigint, to: bigint, limit: number): Promise<LogPosition[]> {
    const bound = (n: bigint) => {
      const key = new Uint8Array(prefix.length + 8);
      key.set(prefix);
      new DataView(key.buffer).setBigUint64(prefix.length, n);
      return key;
    };
    const keys = await this.#kv.keys({ gte: bound(from), lt: bound(to + 1n), limit });
    return keys.map((k) => ({ number: readU64(k, prefix.length), logIndex: readU32(k, prefix.length + 8) }));
  }

  /**
   * Writes a sealed block with everything it produced in one durable batch: `stateOps` (trie nodes), the block,
   * receipts, transaction lookups, log index entries, canonical index and head pointer (plus `extra`, e.g. meta).
   */
  async commitBlock(
    stored: StoredBlock,
    receipts: StoredReceipt[],
    stateOps: KeyValueOp[],
    extra: KeyValueOp[] = [],
  ): Promise<void> {
    const { block, hash } = stored;
    const number = block.header.number;
    const ops: KeyValueOp[] = [...stateOps, ...extra];
    const put = (key: Uint8Array, value: Uint8Array) => ops.push({ type: 'put', key, value });
    const empty = new Uint8Array();
    put(storeKeys.block(hash), RLP.encode([block.serialize(), stored.seal, stored.senders]));
    put(storeKeys.receipts(hash), RLP.encode(receipts.map(encodeReceipt)));
    block.transactions.forEach((tx, index) => {
      put(
        storeKeys.tx(tx.hash()),
        RLP.encode([bigIntToUnpaddedBytes(number), bigIntToUnpaddedBytes(BigInt(index))]),
      );
    });
    let logIndex = 0;
    for (const receipt of receipts) {
      for (const [address, topics] of receipt.logs) {
        put(storeKeys.logByAddress(address, number, logIndex), empty);
        for (const [position, topic] of topics.entries()) {
          put(storeKeys.logByTopic(position, topic, number, logIndex), empty);
        }
        logIndex++;
      }
    }
    put(storeKeys.canonical(number), hash);
    put(storeKeys.head(), RLP.encode([bigIntToUnpaddedBytes(number), hash]));
    await this.#kv.write(ops);
    remember(this.#blocks, bytesToHex(hash), stored);
    remember(this.#receipts, bytesToHex(hash), receipts);
    block.transactions.forEach((tx, index) => {
      remember(this.#txLocations, bytesToHex(tx.hash()), { number, index }, TX_CACHE_SIZE);
    });
  }

  /** Checks that `child` links to `parent` (used on open and for every block written). */
  assertLinked(child: StoredBlock, parent: StoredBlock): void {
    const header = child.block.header;
    if (header.number !== parent.block.header.number + 1n || !equalsBytes(header.parentHash, parent.hash)) {
      throw new ChainCorruptedError(
        `block ${header.number} does not link to its parent ${bytesToHex(parent.hash)}`,
      );
    }
  }

  #decodeBlock(raw: Uint8Array, hash: Uint8Array): StoredBlock {
    const [blockRlp, seal, senders] = RLP.decode(raw) as [Uint8Array, Uint8Array, Uint8Array[]];
    let block: Block;
    try {
      block = createBlockFromRLP(blockRlp, { common: this.#common });
    } catch (cause) {
      throw new ChainCorruptedError(`block ${bytesToHex(hash)} cannot be decoded`, { cause });
    }
    if (!equalsBytes(block.hash(), hash)) {
      throw new ChainCorruptedError(`block ${bytesToHex(hash)} does not hash to its key (tampered header)`);
    }
    const sealer = this.#meta?.sealer;
    if (sealer === undefined) throw new ChainCorruptedError('the chain identity is not loaded');
    if (recoverSealer(hash, seal) !== sealer) {
      throw new ChainCorruptedError(`block ${block.header.number} (${bytesToHex(hash)}) has a bad seal`, {
        details: [`expected a signature by the sealer ${sealer}`],
      });
    }
    if (senders.length !== block.transactions.length) {
      throw new ChainCorruptedError(`block ${block.header.number} has a sender list of the wrong length`);
    }
    return { block, hash, seal, senders };
  }
}

function encodeReceipt(receipt: StoredReceipt): Rlp {
  return [
    Uint8Array.of(receipt.status),
    bigIntToUnpaddedBytes(receipt.cumulativeGasUsed),
    receipt.bloom,
    receipt.logs as Rlp[],
    receipt.created ?? new Uint8Array(),
  ];
}

function decodeReceipt(fields: Rlp[]): StoredReceipt {
  const [status, cumulative, bloom, logs, created] = fields as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Log[],
    Uint8Array,
  ];
  return {
    status: status[0] === 1 ? 1 : 0,
    cumulativeGasUsed: bytesToBigInt(cumulative),
    bloom,
    logs,
    created: created.length === 20 ? created : undefined,
  };
}

function remember<V>(cache: Map<string, V>, key: string, value: V, size = CACHE_SIZE): void {
  cache.set(key, value);
  if (cache.size > size) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}
