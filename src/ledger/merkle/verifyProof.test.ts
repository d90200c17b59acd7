import { type Hex, keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { buildMerkleTree } from './buildMerkleTree.ts';
import { getProof } from './getProof.ts';
import { verifyProof } from './verifyProof.ts';

const leaves = Array.from({ length: 7 }, (_, i) => keccak256(toHex(i)));
const tree = buildMerkleTree(leaves);
const leaf = leaves[3] as Hex;
const proof = getProof(tree, leaf);

describe('verifyProof', () => {
  it('accepts a valid proof', () => {
    expect(verifyProof(tree.root, leaf, proof)).toBe(true);
  });

  it('rejects a wrong leaf, a wrong root, a tampered or truncated proof', () => {
    expect(verifyProof(tree.root, leaves[4] as Hex, proof)).toBe(false);
    expect(verifyProof(keccak256('0x01'), leaf, proof)).toBe(false);
    expect(verifyProof(tree.root, leaf, [keccak256('0x02'), ...proof.slice(1)])).toBe(false);
    expect(verifyProof(tree.root, leaf, proof.slice(0, -1))).toBe(false);
  });

  it('treats malformed input as an invalid proof, not an exception', () => {
    expect(verifyProof('0x12', leaf, proof)).toBe(false);
    expect(verifyProof(tree.root, '0x', proof)).toBe(false);
    expect(verifyProof(tree.root, leaf, ['0xzz'])).toBe(false);
  });
});
