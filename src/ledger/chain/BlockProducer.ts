import { Block, createBlock, createBlockHeader, type HeaderData } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import type { TypedTransaction } from '@ethereumjs/tx';
import { createAddressFromString, utf8ToBytes } from '@ethereumjs/util';
import { Bloom, encodeReceipt, type RunTxResult, runTx, type VM } from '@ethereumjs/vm';
import type { ChainStore, StoredBlock, StoredReceipt } from './ChainStore.ts';
import { keccak256 } from './customCrypto.ts';
import type { Mempool, PooledTx } from './Mempool.ts';
import { orderedTrieRoot } from './orderedTrieRoot.ts';
import type { PendingState, StateDB } from './StateDB.ts';
import type { StateLock } from './StateLock.ts';
import { type SealerKey, sealBlockHash } from './sealerKey.ts';

/** A sealed block with its receipts. */
export type SealedBlock = { stored: StoredBlock; receipts: StoredReceipt[] };
/** What one production round did: the block it built (if any) and the transactions it dropped as invalid. */
export type ProductionRound = { built: SealedBlock | undefined; dropped: PooledTx[] };

/** Everything the producer works with; the head (the last durable block) is read and advanced through it. */
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
  /** Called in block order once a block's batch is durable (receipts may be handed out from then on). */
  onSealed(sealed: SealedBlock): void;
  /** Called when a block's batch could not be written; the state is rewound to the head before the next block. */
  onWriteFailed(error: unknown): void;
};

type InFlightBlock = {
  sealed: SealedBlock;
  included: PooledTx[];
  state: PendingState;
  durable: Promise<void>;
};

/** Marks blocks built by Caduceus (cancun caps extraData at 32 bytes; the seal is stored beside the block). */
const EXTRA_DATA = utf8ToBytes('caduceus');
const TX_BASE_GAS = 21_000n;
/** Blocks built but not yet durable: one being written and one waiting, while the next one executes. */
const MAX_IN_FLIGHT = 2;

/**
 * Builds and seals blocks from the mempool and writes each in one atomic, fsynced batch. Execution holds the state
 * lock; the write does not, so block N+1 executes while block N is being fsynced. Batches are written strictly in
 * block order, a block becomes the head (and its receipts visible) only once its batch is durable, and if a batch
 * fails, no later block is written: the state is rewound to the head and the in-flight transactions are pooled
 * again. Transactions run one by one (ethereumjs' BlockBuilder rebuilds every earlier transaction on each add,
 * which is quadratic); one that fails validation is dropped, one that does not fit waits.
 */
export class BlockProducer {
  readonly #d: BlockProducerDeps;
  readonly #inFlight: InFlightBlock[] = [];
  #writes: Promise<void> = Promise.resolve();
  #failure: { error: unknown; returned: PooledTx[] } | undefined;

  constructor(deps: BlockProducerDeps) {
    this.#d = deps;
  }

  /** True while a failed write leaves the state ahead of the head (the next round rewinds it). */
  get needsRecovery(): boolean {
    return this.#failure !== undefined;
  }

  /** Builds a block if any transaction is executable (undefined when none is); resolves before it is durable. */
  produce(): Promise<ProductionRound | undefined> {
    return this.#d.lock.run(async () => {
      while (this.#inFlight.length >= MAX_IN_FLIGHT) await this.#inFlight[0]?.durable;
      const failure = await this.#recover();
      // Report the failed write to this round's caller too, so a loop that seals until idle stops here.
      if (failure) throw failure.error;
      return this.#build();
    });
  }

  /** Waits, under the state lock, until every built block is durable (used when closing). */
  drain(): Promise<void> {
    return this.#d.lock.run(() => this.settle());
  }

  /**
   * Waits until every built block is durable (or rewound after a failed write), so the VM's state is the head's.
   * Call while holding the state lock: readers of the head state use it before touching the VM.
   */
  async settle(): Promise<void> {
    while (this.#inFlight.length > 0) await this.#inFlight[this.#inFlight.length - 1]?.durable;
    await this.#recover();
  }

  async #build(): Promise<ProductionRound | undefined> {
    const { vm, mempool } = this.#d;
    const candidates = mempool.executable(this.#d.maxTxPerBlock);
    if (candidates.length === 0) return undefined;
    const parent = this.#tip();
    const header = this.#nextHeader(parent);
    const execBlock = createBlock({ header }, { common: this.#d.common });
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
        return { built: undefined, dropped };
      }
      await vm.evm.journal.commit();
    } catch (error) {
      await vm.evm.journal.revert();
      throw error;
    }
    try {
      const sealed = await this.#seal(parent, header, included, results, gasUsed);
      this.#write(sealed, included);
      return { built: sealed, dropped };
    } catch (error) {
      // The state ran ahead of the tip: rewind it so the next attempt starts clean.
      await vm.stateManager.setStateRoot(parent.block.header.stateRoot);
      throw error;
    }
  }

  async #seal(
    parent: StoredBlock,
    header: HeaderData,
    included: PooledTx[],
    results: RunTxResult[],
    gasUsed: bigint,
  ): Promise<SealedBlock> {
    const { vm, common } = this.#d;
    const txs: TypedTransaction[] = included.map((p) => p.tx);
    const bloom = new Bloom(undefined, common);
    for (const result of results) bloom.or(result.bloom);
    const sealedHeader = createBlockHeader(
      {
        ...header,
        stateRoot: await vm.stateManager.getStateRoot(),
        transactionsTrie: orderedTrieRoot(txs.map((tx) => tx.serialize())),
        receiptTrie: orderedTrieRoot(
          results.map((r, i) => encodeReceipt(r.receipt, (txs[i] as TypedTransaction).type)),
        ),
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
    this.#d.store.assertLinked(stored, parent);
    const receipts = results.map(
      (r): StoredReceipt => ({
        status: 'status' in r.receipt ? r.receipt.status : 1,
        cumulativeGasUsed: r.receipt.cumulativeBlockGasUsed,
        bloom: r.bloom.bitvector,
        logs: r.receipt.logs,
        created: r.createdAddress?.bytes,
      }),
    );
    return { stored, receipts };
  }

  /** Queues the block's batch behind the previous block's; never writes past a failed one. */
  #write(sealed: SealedBlock, included: PooledTx[]): void {
    const { store, stateDb, mempool } = this.#d;
    const state = stateDb.take();
    mempool.markInFlight(included);
    const written = this.#writes.then(async () => {
      if (this.#failure) throw this.#failure.error;
      await store.commitBlock(sealed.stored, sealed.receipts, state.ops);
    });
    const durable = written.then(
      () => {
        this.#inFlight.shift();
        stateDb.written(state);
        this.#d.setHead(sealed.stored);
        mempool.removeSealed(included);
        this.#d.onSealed(sealed);
      },
      (error: unknown) => {
        this.#inFlight.shift();
        if (this.#failure) {
          this.#failure.returned.push(...included);
          return;
        }
        this.#failure = { error, returned: [...included] };
        this.#d.onWriteFailed(error);
      },
    );
    this.#writes = durable;
    this.#inFlight.push({ sealed, included, state, durable });
  }

  /**
   * After a failed write, once nothing is in flight: rewinds the state to the head and re-pools the transactions.
   * Returns the failure it recovered from, if any.
   */
  async #recover(): Promise<{ error: unknown } | undefined> {
    if (!this.#failure) return undefined;
    while (this.#inFlight.length > 0) await this.#inFlight[this.#inFlight.length - 1]?.durable;
    const failure = this.#failure;
    this.#d.stateDb.restoreUnwritten();
    await this.#d.vm.stateManager.setStateRoot(this.#d.getHead().block.header.stateRoot);
    this.#d.mempool.returnInFlight(failure.returned);
    this.#failure = undefined;
    return failure;
  }

  /** The block the next one builds on: the newest in flight, else the head. */
  #tip(): StoredBlock {
    return this.#inFlight[this.#inFlight.length - 1]?.sealed.stored ?? this.#d.getHead();
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
