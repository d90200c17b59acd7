import { type Block, createBlock } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import type { EVMMockBlockchainInterface } from '@ethereumjs/evm';
import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { MerkleStateManager } from '@ethereumjs/statemanager';
import { bytesToHex, equalsBytes, ValueEncoding } from '@ethereumjs/util';
import { createVM, type VM } from '@ethereumjs/vm';
import type { StoredBlock } from './ChainStore.ts';
import type { StateDB } from './StateDB.ts';
import type { StateLock } from './StateLock.ts';

/** Dependencies of `ChainState`. */
export type ChainStateDeps = {
  common: Common;
  vm: VM;
  stateDb: StateDB;
  lock: StateLock;
  blockchain: EVMMockBlockchainInterface;
  getHead(): StoredBlock;
  /** Waits (under the lock) until no built block is still being written, so the VM holds the head's state. */
  settle(): Promise<void>;
};

/** Opens a state trie over the chain's state DB at `root` (historical reads share the same, never-pruned nodes). */
export function openStateTrie(common: Common, stateDb: StateDB, root?: Uint8Array): MerklePatriciaTrie {
  return new MerklePatriciaTrie({
    db: stateDb.shallowCopy(),
    useKeyHashing: true,
    valueEncoding: ValueEncoding.Bytes,
    common,
    cacheSize: 100_000,
    ...(root ? { root } : {}),
  });
}

/**
 * Runs reads and calls against the state after a given block. The head is served by the one long-lived VM under
 * the state lock (no copies, warm caches) once no newer block is in flight; an older block gets a fresh VM over
 * its state root, without the lock.
 */
export class ChainState {
  readonly #d: ChainStateDeps;
  #callBlock: { hash: string; block: Block } | undefined;

  constructor(deps: ChainStateDeps) {
    this.#d = deps;
  }

  /** Calls `task` with a VM whose state is the state after `stored`. Changes must be reverted by the task. */
  async withVM<T>(stored: StoredBlock, task: (vm: VM) => Promise<T>): Promise<T> {
    const fast = await this.#d.lock.run(async () => {
      await this.#d.settle();
      if (!equalsBytes(this.#d.getHead().hash, stored.hash)) return { done: false as const };
      return { done: true as const, value: await task(this.#d.vm) };
    });
    if (fast.done) return fast.value;
    const { common, stateDb, blockchain } = this.#d;
    const stateManager = new MerkleStateManager({
      common,
      trie: openStateTrie(common, stateDb, stored.block.header.stateRoot),
    });
    const vm = await createVM({ common, stateManager, blockchain });
    return task(vm);
  }

  /**
   * The block context of `eth_call`/`eth_estimateGas` at `stored`: its own header (as geth does) with a zero base
   * fee, so a call without gas price is not rejected for paying less than the base fee.
   */
  callBlock(stored: StoredBlock): Block {
    const key = bytesToHex(stored.hash);
    if (this.#callBlock?.hash === key) return this.#callBlock.block;
    const h = stored.block.header;
    const block = createBlock(
      {
        header: {
          number: h.number,
          parentHash: h.parentHash,
          timestamp: h.timestamp,
          gasLimit: h.gasLimit,
          coinbase: h.coinbase,
          mixHash: h.mixHash,
          baseFeePerGas: 0n,
          excessBlobGas: h.excessBlobGas ?? 0n,
        },
      },
      { common: this.#d.common },
    );
    this.#callBlock = { hash: key, block };
    return block;
  }
}
