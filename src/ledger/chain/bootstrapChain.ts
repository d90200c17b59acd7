import type { Common } from '@ethereumjs/common';
import { MerkleStateManager } from '@ethereumjs/statemanager';
import { bytesToHex, equalsBytes } from '@ethereumjs/util';
import { openStateTrie } from './ChainState.ts';
import { type ChainMeta, ChainStore, type StoredBlock } from './ChainStore.ts';
import { createChainCommon } from './chainCommon.ts';
import { ChainCorruptedError, GenesisMismatchError, SealerKeyMismatchError } from './chainErrors.ts';
import { developmentGenesis, type GenesisConfig } from './GenesisConfig.ts';
import { buildGenesisBlock } from './genesis.ts';
import type { KeyValueStore } from './KeyValueStore.ts';
import { LevelKeyValueStore } from './LevelKeyValueStore.ts';
import { MemoryKeyValueStore } from './MemoryKeyValueStore.ts';
import { StateDB } from './StateDB.ts';
import { loadOrCreateSealerKey, randomSealerKey, type SealerKey, sealBlockHash } from './sealerKey.ts';

/** An opened, verified chain store positioned at its head. */
export type BootstrappedChain = {
  kv: KeyValueStore;
  common: Common;
  meta: ChainMeta;
  store: ChainStore;
  stateDb: StateDB;
  sealer: SealerKey;
  head: StoredBlock;
};

/**
 * Opens the data directory (or memory) and returns the chain at its head. A fresh store gets its genesis written
 * in one batch; an existing one is opened at the head pointer — O(1), no replay — after verifying the head's
 * hash, seal, transactions root, state root presence and its link to its parent.
 */
export async function bootstrapChain(options: {
  dataDir: string | undefined;
  genesis: GenesisConfig | undefined;
  store?: KeyValueStore | undefined;
}): Promise<BootstrappedChain> {
  const kv =
    options.store ??
    (options.dataDir ? await LevelKeyValueStore.open(options.dataDir) : new MemoryKeyValueStore());
  try {
    const meta = await ChainStore.readMeta(kv);
    // Only a brand-new chain without a named sealer may generate its key.
    const mayCreateKey = meta === undefined && options.genesis?.sealer === undefined;
    const sealer = options.dataDir ? loadOrCreateSealerKey(options.dataDir, mayCreateKey) : randomSealerKey();
    return meta ? await reopen(kv, meta, sealer, options.genesis) : await create(kv, sealer, options.genesis);
  } catch (error) {
    await kv.close();
    throw error;
  }
}

async function create(
  kv: KeyValueStore,
  sealer: SealerKey,
  config = developmentGenesis(),
): Promise<BootstrappedChain> {
  if (config.sealer !== undefined && config.sealer.toLowerCase() !== sealer.address.toLowerCase()) {
    throw new SealerKeyMismatchError(
      `the genesis names sealer ${config.sealer}, but this node's key is ${sealer.address}`,
      {
        details: [
          'Put the sealer\'s private key (hex) in <data>/sealer.key before the first start, or omit "sealer".',
        ],
      },
    );
  }
  const common = createChainCommon(BigInt(config.chainId));
  const stateDb = new StateDB(kv);
  const stateManager = new MerkleStateManager({ common, trie: openStateTrie(common, stateDb) });
  const block = await buildGenesisBlock(common, stateManager, config, sealer.address);
  const hash = block.hash();
  const meta: ChainMeta = { chainId: BigInt(config.chainId), genesisHash: hash, sealer: sealer.address };
  const store = new ChainStore(kv, common);
  store.setMeta(meta);
  const head: StoredBlock = { block, hash, seal: sealBlockHash(hash, sealer), senders: [] };
  const pending = stateDb.take();
  await store.commitBlock(head, [], pending.ops, [store.metaOp(meta)]);
  stateDb.written(pending);
  return { kv, common, meta, store, stateDb, sealer, head };
}

async function reopen(
  kv: KeyValueStore,
  meta: ChainMeta,
  sealer: SealerKey,
  genesis: GenesisConfig | undefined,
): Promise<BootstrappedChain> {
  if (sealer.address !== meta.sealer) {
    throw new SealerKeyMismatchError(
      `this chain is sealed by ${meta.sealer}, but sealer.key belongs to ${sealer.address}`,
    );
  }
  const common = createChainCommon(meta.chainId);
  if (genesis) await assertSameGenesis(common, meta, genesis);
  const store = new ChainStore(kv, common);
  store.setMeta(meta);
  const pointer = await store.readHead();
  if (!pointer) throw new ChainCorruptedError('the data directory has a chain identity but no head pointer');
  const head = await store.getBlockByHash(pointer.hash);
  if (!head || head.block.header.number !== pointer.number) {
    throw new ChainCorruptedError(
      `the head pointer names block ${pointer.number} (${bytesToHex(pointer.hash)}), which is missing`,
    );
  }
  if (!(await head.block.transactionsTrieIsValid())) {
    throw new ChainCorruptedError(`the head block ${pointer.number} does not match its transactions root`);
  }
  if (pointer.number > 0n) {
    const parent = await store.getBlockByNumber(pointer.number - 1n);
    if (!parent) throw new ChainCorruptedError(`the parent of head block ${pointer.number} is missing`);
    store.assertLinked(head, parent);
  } else if (!equalsBytes(head.hash, meta.genesisHash)) {
    throw new ChainCorruptedError('block 0 is not the genesis this chain was created with');
  }
  const stateDb = new StateDB(kv);
  if (!(await openStateTrie(common, stateDb).checkRoot(head.block.header.stateRoot))) {
    throw new ChainCorruptedError(`the state root of head block ${pointer.number} is missing from the store`);
  }
  return { kv, common, meta, store, stateDb, sealer, head };
}

async function assertSameGenesis(common: Common, meta: ChainMeta, genesis: GenesisConfig): Promise<void> {
  if (BigInt(genesis.chainId) !== meta.chainId) {
    throw new GenesisMismatchError(
      `the data directory holds chain ${meta.chainId}, the genesis is for chain ${genesis.chainId}`,
    );
  }
  const scratch = new StateDB(new MemoryKeyValueStore());
  const stateManager = new MerkleStateManager({ common, trie: openStateTrie(common, scratch) });
  const block = await buildGenesisBlock(common, stateManager, genesis, meta.sealer);
  if (!equalsBytes(block.hash(), meta.genesisHash)) {
    throw new GenesisMismatchError('the genesis differs from the one this data directory was created with', {
      details: [`stored genesis ${bytesToHex(meta.genesisHash)}, given genesis ${bytesToHex(block.hash())}`],
    });
  }
}
