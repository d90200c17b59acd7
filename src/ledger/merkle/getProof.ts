import type { Hex } from 'viem';
import type { MerkleTree } from './buildMerkleTree.ts';
import { MerkleLeafNotFoundError } from './errors.ts';
import { bytesToNodeHex } from './hex.ts';

/**
 * The proof of a leaf: sibling hashes from the leaf up to the root, as `MerkleProof.verify` and the anchors'
 * `verifyLeaf` take them. A single-leaf tree's proof is empty (its root is the leaf).
 */
export function getProof(tree: MerkleTree, leaf: Hex): Hex[] {
  const normalized = leaf.toLowerCase() as Hex;
  const k = tree.leafIndex.get(normalized);
  if (k === undefined) throw new MerkleLeafNotFoundError(leaf);
  const proof: Hex[] = [];
  let index = tree.nodes.length / 32 - 1 - k;
  while (index > 0) {
    const sibling = index % 2 === 1 ? index + 1 : index - 1;
    proof.push(bytesToNodeHex(tree.nodes, sibling * 32));
    index = Math.floor((index - 1) / 2);
  }
  return proof;
}
