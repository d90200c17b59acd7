import type { Hex } from 'viem';
import { recordLeaf } from '../../ledger/merkle/merkleLeaf.ts';
import type { AnchorBatchClaim, RecordVersionRef } from '../store/RecordStore.ts';
import { prepareAnchorBatch } from './prepareAnchorBatch.ts';

/** A claimed batch of record versions made ready for `RecordAnchor`: root, size, on-chain batch id, proofs. */
export type PreparedAnchorBatch = {
  root: Hex;
  leafCount: number;
  /** `keccak256` of the store's batch id, so the chain's `batchId` names the vault's batch without revealing it. */
  batchId: Hex;
  proofs: (RecordVersionRef & { proof: Hex[] })[];
};

/**
 * Builds the Merkle tree over `recordLeaf(contentHash)` of every claimed version (the leaves `RecordAnchor`
 * verifies) and each version's proof; `prepareAnchorBatch` for the record vault, proofs keyed by version.
 */
export function buildAnchorBatch(claim: AnchorBatchClaim, options: { salt?: Hex } = {}): PreparedAnchorBatch {
  const batch = prepareAnchorBatch(
    claim,
    { entryHash: (entry) => entry.contentHash, leaf: recordLeaf },
    options,
  );
  return {
    root: batch.root,
    leafCount: batch.leafCount,
    batchId: batch.batchId,
    proofs: batch.proofs.map(({ entry, proof }) => ({
      resourceType: entry.resourceType,
      id: entry.id,
      versionId: entry.versionId,
      proof,
    })),
  };
}
