import type { Hex } from 'viem';

/** Entries claimed for one anchoring batch; the claim lapses at `leaseExpiresAt` if never completed. */
export type AnchorClaim<E> = { batchId: string; leaseExpiresAt: string; entries: readonly E[] };

/** A claimed batch once anchored: its root, transaction, and each entry's Merkle proof. */
export type AnchoredEntries<E> = { root: Hex; txHash: Hex; proofs: readonly { entry: E; proof: Hex[] }[] };

/**
 * An outbox the `AnchoringWorker` drains: record versions (`recordBatchSource`) or access events
 * (`accessBatchSource` in src/audit/). Claims are leases (a dead worker's batch is claimed again once it lapses);
 * `markAnchored` must refuse with `AnchorClaimLostError` a batch whose claim was lost, and change nothing then.
 */
export interface AnchorBatchSource<E> {
  /** What the entries are, for logs (`record versions`, `access events`). */
  readonly name: string;
  /** Entries waiting to be anchored, claimed or not. */
  pendingCount(): Promise<number>;
  /** Claims up to `maxSize` unanchored entries, oldest first, not held by an unexpired claim; null when none. */
  claim(options: { maxSize: number; leaseMs: number }): Promise<AnchorClaim<E> | null>;
  markAnchored(batchId: string, anchored: AnchoredEntries<E>): Promise<void>;
  /** Gives a claim back at once (the anchoring transaction failed), so the next claim retries those entries. */
  release(batchId: string): Promise<void>;
  /** The 32-byte hash of an entry that its leaf commits to. */
  entryHash(entry: E): Hex;
  /** The contract's leaf of an entry hash (`recordLeaf`, `accessLeaf`): the domain keeps the two trees apart. */
  leaf(entryHash: Hex): Hex;
  /** When the oldest entry of a claim was recorded (epoch ms), for the anchoring-lag metric; optional. */
  recordedAt?(claim: AnchorClaim<E>): Promise<number | undefined>;
}
