import type { Hex } from 'viem';
import { MerkleEmptyTreeError, MerkleInvalidNodeError } from './errors.ts';
import { hashPair } from './hashPair.ts';
import { bytesToNodeHex, isNodeHex, nodeToBytes } from './hex.ts';

/** A Merkle tree in OpenZeppelin `StandardMerkleTree`'s layout, so its root and proofs match theirs exactly. */
export type MerkleTree = {
  readonly root: Hex;
  /** The leaves in tree order: sorted ascending, duplicates kept. */
  readonly leaves: readonly Hex[];
  /**
   * Every node, 32 bytes each, as one array: node `i` has children `2i+1` and `2i+2`, and sorted leaf `k` is node
   * `2n-2-k` (the leaves fill the array's tail in reverse).
   */
  readonly nodes: Uint8Array;
  /** Position in `leaves` of each (lowercase) leaf; the first one if a leaf repeats. */
  readonly leafIndex: ReadonlyMap<Hex, number>;
};

/**
 * Builds the tree the anchor contracts verify against: leaves sorted ascending, pairs hashed with sorted-pair
 * keccak256 (OpenZeppelin `MerkleProof`), laid out as a complete binary tree in an array. Leaves are already hashed
 * (see `recordLeaf`, `accessLeaf`).
 *
 * @example
 * const tree = buildMerkleTree(recordHashes.map(recordLeaf));
 * await recordAnchor.write.anchorBatch([tree.root, tree.leaves.length, batchId]);
 */
export function buildMerkleTree(leaves: readonly Hex[]): MerkleTree {
  if (leaves.length === 0) throw new MerkleEmptyTreeError();
  const sorted = leaves.map((leaf) => {
    if (!isNodeHex(leaf)) throw new MerkleInvalidNodeError(leaf);
    return leaf.toLowerCase() as Hex;
  });
  // Lowercase hex strings of equal length sort exactly as the bytes they encode.
  sorted.sort();
  const n = sorted.length;
  const size = 2 * n - 1;
  const nodes = new Uint8Array(size * 32);
  const leafIndex = new Map<Hex, number>();
  for (let k = 0; k < n; k++) {
    const leaf = sorted[k] as Hex;
    nodes.set(nodeToBytes(leaf), (size - 1 - k) * 32);
    if (!leafIndex.has(leaf)) leafIndex.set(leaf, k);
  }
  for (let i = size - 1 - n; i >= 0; i--) {
    const left = nodes.subarray((2 * i + 1) * 32, (2 * i + 2) * 32);
    const right = nodes.subarray((2 * i + 2) * 32, (2 * i + 3) * 32);
    nodes.set(hashPair(left, right), i * 32);
  }
  return { root: bytesToNodeHex(nodes), leaves: sorted, nodes, leafIndex };
}
