import type { Address, Hex } from 'viem';

/** A batch as a Merkle-batch anchor contract (`RecordAnchor`, `AccessLog`: `IBatchAnchor`) recorded it. */
export type OnChainBatch = {
  root: Hex;
  /** The member account whose node anchored it: the custodian of the entries. */
  custodian: Address;
  /** The node address that sent the transaction. */
  node: Address;
  leafCount: number;
  blockNumber: bigint;
  /** The anchoring transaction (undefined only if its log could not be found, e.g. a pruned node). */
  txHash: Hex | undefined;
};

/** Looks up anchored roots; all a verifier needs, so it also serves to check another custodian's entries. */
export interface BatchAnchorReader {
  /** The anchored batch under `root`, or undefined if nothing is anchored under it. */
  findBatch(root: Hex): Promise<OnChainBatch | undefined>;
}

/**
 * The anchoring worker's view of one batch anchor contract: anchor a root as this node, and find out who anchored
 * one. `LedgerBatchAnchorChain` implements it for any `IBatchAnchor` contract; `MemoryRecordAnchorChain` stands in
 * for it in unit tests.
 */
export interface BatchAnchorChain extends BatchAnchorReader {
  /** The member account this node anchors for (its custodian address on chain). */
  custodian(): Promise<Address>;
  /**
   * Anchors `root` and waits until it is mined. Throws `AnchorRootTakenError` when the root is already anchored;
   * any other error means the batch may or may not have been anchored (the caller retries).
   */
  anchorBatch(batch: { root: Hex; leafCount: number; batchId: Hex }): Promise<{ txHash: Hex }>;
}
