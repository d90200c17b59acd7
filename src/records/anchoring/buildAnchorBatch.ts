import { type Hex, keccak256, stringToBytes } from 'viem';
import { buildMerkleTree } from '../../ledger/merkle/buildMerkleTree.ts';
import { getProof } from '../../ledger/merkle/getProof.ts';
import { recordLeaf } from '../../ledger/merkle/merkleLeaf.ts';
import type { AnchorBatchClaim, RecordVersionRef } from '../store/RecordStore.ts';

/** A claimed batch made ready for the chain: the tree's root and size, the on-chain batch id, every proof. */
export type PreparedAnchorBatch = {
  root: Hex;
  leafCount: number;
  /** `keccak256` of the store's batch id, so the chain's `batchId` names the vault's batch without revealing it. */
  batchId: Hex;
  proofs: (RecordVersionRef & { proof: Hex[] })[];
};

/**
 * Builds the Merkle tree over `recordLeaf(contentHash)` of every claimed version (the leaves `RecordAnchor`
 * verifies) and each version's proof. `salt`, a random 32-byte value, adds one leaf that is no version: it gives
 * the same set of versions a different root when another member already holds the plain one.
 */
export function buildAnchorBatch(claim: AnchorBatchClaim, options: { salt?: Hex } = {}): PreparedAnchorBatch {
  const leaves = claim.entries.map((entry) => recordLeaf(entry.contentHash));
  const tree = buildMerkleTree(options.salt === undefined ? leaves : [...leaves, recordLeaf(options.salt)]);
  return {
    root: tree.root,
    leafCount: tree.leaves.length,
    batchId: keccak256(stringToBytes(claim.batchId)),
    proofs: claim.entries.map((entry, i) => ({
      resourceType: entry.resourceType,
      id: entry.id,
      versionId: entry.versionId,
      proof: getProof(tree, leaves[i] as Hex),
    })),
  };
}
