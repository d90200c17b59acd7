import { RLP } from '@ethereumjs/rlp';
import { Caches, MerkleStateManager, type MerkleStateManagerOpts } from '@ethereumjs/statemanager';
import {
  type Account,
  type Address,
  bytesToUnprefixedHex,
  createAccountFromRLP,
  EthereumJSErrorWithoutCode,
  equalsBytes,
  unpadBytes,
} from '@ethereumjs/util';

/** Read-through entries kept between trie changes (a block's flush clears them); past this, start over. */
const MAX_READS = 100_000;
/** rlp(''): how the storage cache spells an empty slot. */
const EMPTY_SLOT = Uint8Array.of(0x80);

/**
 * The head state manager: a `MerkleStateManager` with caches, corrected for two costs of
 * @ethereumjs/statemanager 10.1.3 on our hot paths.
 *
 * - Writes: `putStorage` writes every SSTORE through to the storage trie even when a storage cache is present
 *   (`cache.put(...) ?? writeTrie(...)`, and `put` returns undefined), re-hashing the contract's storage path and
 *   leaving dead trie nodes in the block's batch each time. Here SSTOREs stay in the cache until the block's flush,
 *   which writes each slot once; values and state roots are unchanged.
 * - Reads: accounts and slots read inside a checkpoint are cached only until that checkpoint is reverted, and every
 *   `eth_call` is reverted, so each call walked the trie again (and built a fresh storage trie). Trie reads are
 *   also kept here, valid until the trie changes: a flush that moves the state root, a rewind, or a storage wipe.
 */
export class BlockStateManager extends MerkleStateManager {
  readonly #accounts = new Map<string, Uint8Array | null>();
  readonly #slots = new Map<string, Uint8Array>();

  constructor(opts: Omit<MerkleStateManagerOpts, 'caches'>) {
    super({ ...opts, caches: new Caches() });
  }

  override async getAccount(address: Address): Promise<Account | undefined> {
    const cached = this._caches?.account?.get(address);
    if (cached !== undefined) {
      return cached.accountRLP !== undefined ? createAccountFromRLP(cached.accountRLP) : undefined;
    }
    const key = bytesToUnprefixedHex(address.bytes);
    let rlp = this.#accounts.get(key);
    if (rlp === undefined) {
      rlp = await this._trie.get(address.bytes);
      this.#remember(this.#accounts, key, rlp);
    }
    const account = rlp === null ? undefined : createAccountFromRLP(rlp);
    this._caches?.account?.put(address, account);
    return account;
  }

  override async getStorage(address: Address, key: Uint8Array): Promise<Uint8Array> {
    const storage = this._caches?.storage;
    if (!storage) return super.getStorage(address, key);
    if (key.length !== 32) throw EthereumJSErrorWithoutCode('Storage key must be 32 bytes long');
    const cached = storage.get(address, key);
    if (cached !== undefined) return RLP.decode(cached) as Uint8Array;
    const account = await this.getAccount(address);
    if (!account) return new Uint8Array();
    const readKey = bytesToUnprefixedHex(address.bytes) + bytesToUnprefixedHex(key);
    let value = this.#slots.get(readKey);
    if (value === undefined) {
      value = (await this._getStorageTrie(address, account).get(key)) ?? EMPTY_SLOT;
      this.#remember(this.#slots, readKey, value);
    }
    storage.put(address, key, value);
    return RLP.decode(value) as Uint8Array;
  }

  override async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    const storage = this._caches?.storage;
    if (!storage) return super.putStorage(address, key, value);
    if (key.length !== 32) throw EthereumJSErrorWithoutCode('Storage key must be 32 bytes long');
    if (value.length > 32) throw EthereumJSErrorWithoutCode('Storage value cannot be longer than 32 bytes');
    if ((await this.getAccount(address)) === undefined) {
      throw EthereumJSErrorWithoutCode('putStorage() called on non-existing account');
    }
    storage.put(address, key, RLP.encode(unpadBytes(value)));
  }

  override async clearStorage(address: Address): Promise<void> {
    this.#forgetReads();
    await super.clearStorage(address);
  }

  override async deleteAccount(address: Address): Promise<void> {
    this.#forgetReads();
    await super.deleteAccount(address);
  }

  override async flush(): Promise<void> {
    const root = this._trie.root().slice();
    await super.flush();
    if (!equalsBytes(root, this._trie.root())) this.#forgetReads();
  }

  override async setStateRoot(stateRoot: Uint8Array, clearCache?: boolean): Promise<void> {
    await super.setStateRoot(stateRoot, clearCache);
    this.#forgetReads();
  }

  #remember<V>(reads: Map<string, V>, key: string, value: V): void {
    if (reads.size >= MAX_READS) reads.clear();
    reads.set(key, value);
  }

  #forgetReads(): void {
    this.#accounts.clear();
    this.#slots.clear();
  }
}
