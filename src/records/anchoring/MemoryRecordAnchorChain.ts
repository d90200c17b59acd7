import { type Address, type Hex, keccak256, toHex } from 'viem';
import { AnchorRootTakenError } from './anchoringErrors.ts';
import type { OnChainRecordBatch, RecordAnchorChain } from './RecordAnchorChain.ts';

type Shared = {
  batches: Map<string, OnChainRecordBatch>;
  failures: { when: 'before' | 'after'; error: Error }[];
  calls: { root: Hex; leafCount: number; batchId: Hex; custodian: Address }[];
};

/**
 * An in-memory `RecordAnchorChain` for unit tests: roots are unique as on chain, several custodians share one
 * chain (`as(custodian)`), and `failNext` makes the next anchoring fail before or after the root is recorded, as an
 * unreachable node or a lost receipt would.
 */
export class MemoryRecordAnchorChain implements RecordAnchorChain {
  readonly #shared: Shared;
  readonly #custodian: Address;

  constructor(custodian: Address = '0x00000000000000000000000000000000000c0de1', shared?: Shared) {
    this.#custodian = custodian;
    this.#shared = shared ?? { batches: new Map(), failures: [], calls: [] };
  }

  /** The same chain, seen by another custodian's node. */
  as(custodian: Address): MemoryRecordAnchorChain {
    return new MemoryRecordAnchorChain(custodian, this.#shared);
  }

  /** Every `anchorBatch` that reached the chain, in order, refused ones included. */
  get calls(): readonly { root: Hex; leafCount: number; batchId: Hex; custodian: Address }[] {
    return this.#shared.calls;
  }

  /** Anchored batches, oldest first. */
  batches(): OnChainRecordBatch[] {
    return [...this.#shared.batches.values()].map((batch) => ({ ...batch }));
  }

  /** Makes the next `anchorBatch` throw `error`: `before` nothing is anchored, `after` the root is anchored. */
  failNext(error: Error, when: 'before' | 'after' = 'before'): void {
    this.#shared.failures.push({ when, error });
  }

  async custodian(): Promise<Address> {
    return this.#custodian;
  }

  async anchorBatch(batch: { root: Hex; leafCount: number; batchId: Hex }): Promise<{ txHash: Hex }> {
    const { batches, failures, calls } = this.#shared;
    const failure = failures.shift();
    if (failure?.when === 'before') throw failure.error;
    calls.push({ ...batch, custodian: this.#custodian });
    const key = batch.root.toLowerCase();
    if (batches.has(key)) throw new AnchorRootTakenError(batch.root);
    const blockNumber = BigInt(batches.size + 1);
    const txHash = keccak256(toHex(`tx:${key}:${blockNumber}`));
    batches.set(key, {
      root: batch.root,
      custodian: this.#custodian,
      node: this.#custodian,
      leafCount: batch.leafCount,
      blockNumber,
      txHash,
    });
    if (failure?.when === 'after') throw failure.error;
    return { txHash };
  }

  async findBatch(root: Hex): Promise<OnChainRecordBatch | undefined> {
    const found = this.#shared.batches.get(root.toLowerCase());
    return found && { ...found };
  }
}
