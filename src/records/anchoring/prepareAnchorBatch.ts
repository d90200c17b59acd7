import { type Hex, keccak256, stringToBytes } from 'viem';
import { buildMerkleTree } from '../../ledger/merkle/buildMerkleTree.ts';
import { getProof } from '../../ledger/merkle/getProof.ts';
import type { AnchorBatchSource, AnchorClaim } from './AnchorBatchSource.ts';

/** A claimed batch made ready for the chain: the tree's root and size, the on-chain batch id, every proof. */
export type PreparedBatch<E> = {
  root: Hex;
  leafCount: number;
  /** `keccak256` of the store's batch id, so the chain's `batchId` names the outbox batch without revealing it. */
  batchId: Hex;
  proofs: { entry: E; proof: Hex[] }[];
};

/**
 * Builds the Merkle tree over `source.leaf(entryHash)` of every claimed entry and each entry's proof. `salt`, a
 * random 32-byte value, adds one leaf that is no entry: it gives the same entries a different root when another
 * member already holds the plain one.
 */
export function prepareAnchorBatch<E>(
  claim: AnchorClaim<E>,
  source: Pick<AnchorBatchSource<E>, 'entryHash' | 'leaf'>,
  options: { salt?: Hex } = {},
): PreparedBatch<E> {
  const leaves = claim.entries.map((entry) => source.leaf(source.entryHash(entry)));
  const tree = buildMerkleTree(options.salt === undefined ? leaves : [...leaves, source.leaf(options.salt)]);
  return {
    root: tree.root,
    leafCount: tree.leaves.length,
    batchId: keccak256(stringToBytes(claim.batchId)),
    proofs: claim.entries.map((entry, i) => ({ entry, proof: getProof(tree, leaves[i] as Hex) })),
  };
}
