import type { Hex } from 'viem';
import { compareNodes, hashPair } from './hashPair.ts';
import { isNodeHex, nodeToBytes } from './hex.ts';

/**
 * Verifies a leaf against a root off chain exactly as `MerkleProof.verify` does on chain. Meant for untrusted input:
 * anything malformed is simply not a valid proof (returns false) rather than an exception.
 */
export function verifyProof(root: Hex, leaf: Hex, proof: readonly Hex[]): boolean {
  if (!isNodeHex(root) || !isNodeHex(leaf) || !proof.every(isNodeHex)) return false;
  let computed = nodeToBytes(leaf);
  for (const sibling of proof) computed = hashPair(computed, nodeToBytes(sibling));
  return compareNodes(computed, nodeToBytes(root)) === 0;
}
