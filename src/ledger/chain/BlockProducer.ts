import {
  Block,
  createBlock,
  createBlockHeader,
  genTransactionsTrieRoot,
  type HeaderData,
} from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import type { TypedTransaction } from '@ethereumjs/tx';
import { createAddressFromString, utf8ToBytes } from '@ethereumjs/util';
import { Bloom, encodeReceipt, type RunTxResult, runTx, type VM } from '@ethereumjs/vm';
import type { ChainStore, StoredBlock, StoredReceipt } from './ChainStore.ts';
import { keccak256 } from './customCrypto.ts';
import type { Mempool, PooledTx } from './Mempool.ts';
import type { StateDB } from './StateDB.ts';
import type { StateLock } from './StateLock.ts';
import { type SealerKey, sealBlockHash } from './sealerKey.ts';

/** A block that is sealed and on disk, with its receipts. */
export type SealedBlock = { stored: StoredBlock; receipts: StoredReceipt[] };
/** What one production round did: the block it sealed (if any) and the transactions it dropped as invalid. */
export type ProductionRound = { sealed: SealedBlock | undefined; dropped: PooledTx[] };

/** Everything the producer works with; the head is read and advanced through `getHead`/`setHead`. */
export type BlockProducerDeps = {
  common: Common;
  vm: VM;
  store: ChainStore;
  stateDb: StateDB;
  mempool: Mempool;
  lock: StateLock;
  sealer: SealerKey;
  maxTxPerBlock: number;
  getHead(): StoredBlock;
  setHead(head: StoredBlock): void;
};

/** Marks blocks built by Caduceus (cancun caps extraData at 32 bytes; the seal is stored beside the block). */
const EXTRA_DATA = utf8ToBytes('caduceus');
const TX_BASE_GAS = 21_000n;

/**
 * Builds, seals and durably commits one block from the mempool. Transactions run one by one against the head
 * state (we do not use ethereumjs' BlockBuilder: it rebuilds every earlier transaction object on each add, which is
 * quadratic in block size). A transaction that fails validation is dropped; one that does not fit waits.
 */
export class BlockProducer {
  readonly #d: BlockProducerDeps;

  constructor(deps: BlockProducerDeps) {
    this.#d = deps;
  }

  /** Seals a block if any transaction is executable (undefined when none is); resolves once it is on disk. */
  produce(): Promise<ProductionRound | undefined> {
    return this.#d.lock.run(() => this.#produce());
  }

  async #produce(): Promise<ProductionRound | undefined> {
    const { vm, mempool, common } = this.#d;
    const candidates = mempool.executable(this.#d.maxTxPerBlock);
    if (candidates.length === 0) return undefined;
    const parent = this.#d.getHead();
    const header = this.#nextHeader(parent);
    const execBlock = createBlock({ header }, { common });
    const gasLimit = execBlock.header.gasLimit;
    const included: PooledTx[] = [];
    const results: RunTxResult[] = [];
    const dropped: PooledTx[] = [];
    const blocked = new Set<string>();
    let gasUsed = 0n;
    await vm.evm.journal.checkpoint();
    try {
      for (const pooled of candidates) {
        if (blocked.has(pooled.sender)) continue;
        if (pooled.tx.gasLimit > gasLimit - gasUsed) {
          blocked.add(pooled.sender); // keeps the sender's nonce order; it goes into the next block
          if (gasLimit - gasUsed < TX_BASE_GAS) break;
          continue;
        }
        try {
          const result = await runTx(vm, { tx: pooled.tx, block: execBlock, blockGasUsed: gasUsed });
          gasUsed = result.receipt.cumulativeBlockGasUsed;
          included.push(pooled);
          results.push(result);
        } catch {
          blocked.add(pooled.sender);
          dropped.push(pooled);
        }
      }
      for (const pooled of dropped) mempool.drop(pooled);
      if (included.length === 0) {
        await vm.evm.journal.revert();
        return { sealed: undefined, dropped };
      }
      await vm.evm.journal.commit();
    } catch (error) {
      await vm.evm.journal.revert();
      throw error;
    }
    return { sealed: await this.#seal(parent, header, included, results, gasUsed), dropped };
  }

  async #seal(
    parent: StoredBlock,
    header: HeaderData,
    included: PooledTx[],
    results: RunTxResult[],
    gasUsed: bigint,
  ): Promise<SealedBlock> {
    const { vm, common, store, stateDb, mempool } = this.#d;
    try {
      const txs: TypedTransaction[] = included.map((p) => p.tx);
      const bloom = new Bloom(undefined, common);
      for (const result of results) bloom.or(result.bloom);
      const sealedHeader = createBlockHeader(
        {
          ...header,
          stateRoot: await vm.stateManager.getStateRoot(),
          transactionsTrie: await genTransactionsTrieRoot(txs, new MerklePatriciaTrie({ common })),
          receiptTrie: await receiptTrie(common, txs, results),
          logsBloom: bloom.bitvector,
          gasUsed,
          blobGasUsed: 0n,
        },
        { common },
      );
      const block = new Block(sealedHeader, txs, [], [], { common });
      const hash = block.hash();
      const stored: StoredBlock = {
        block,
        hash,
        seal: sealBlockHash(hash, this.#d.sealer),
        senders: included.map((p) => p.senderBytes),
      };
      const receipts = results.map(
        (r): StoredReceipt => ({
          status: 'status' in r.receipt ? r.receipt.status : 1,
          cumulativeGasUsed: r.receipt.cumulativeBlockGasUsed,
          bloom: r.bloom.bitvector,
          logs: r.receipt.logs,
          created: r.createdAddress?.bytes,
        }),
      );
      store.assertLinked(stored, parent);
      await store.commitBlock(stored, receipts, stateDb.pendingOps());
      stateDb.clearPending();
      this.#d.setHead(stored);
      mempool.removeSealed(included);
      return { stored, receipts };
    } catch (error) {
      // The state ran ahead of the disk: rewind it to the parent so the next attempt starts clean.
      await vm.stateManager.setStateRoot(parent.block.header.stateRoot);
      throw error;
    }
  }

  #nextHeader(parent: StoredBlock): HeaderData {
    const p = parent.block.header;
    const now = BigInt(Math.floor(Date.now() / 1000));
    return {
      parentHash: parent.hash,
      number: p.number + 1n,
      gasLimit: p.gasLimit,
      // Many blocks a second share a timestamp; it never goes backwards.
      timestamp: now > p.timestamp ? now : p.timestamp,
      coinbase: createAddressFromString(this.#d.sealer.address),
      baseFeePerGas: p.calcNextBaseFee(),
      excessBlobGas: p.calcNextExcessBlobGas(this.#d.common),
      blobGasUsed: 0n,
      mixHash: keccak256(parent.hash),
      extraData: EXTRA_DATA,
    };
  }
}

async function receiptTrie(
  common: Common,
  txs: TypedTransaction[],
  results: RunTxResult[],
): Promise<Uint8Array> {
  const trie = new MerklePatriciaTrie({ common });
  for (const [i, result] of results.entries()) {
    await trie.put(RLP.encode(i), encodeReceipt(result.receipt, (txs[i] as TypedTransaction).type));
  }
  return trie.root();
}
