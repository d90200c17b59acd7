import { type Hex, keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { buildMerkleTree } from './buildMerkleTree.ts';
import { MerkleLeafNotFoundError } from './errors.ts';
import { getProof } from './getProof.ts';
import { verifyProof } from './verifyProof.ts';

const leavesOf = (count: number): Hex[] => Array.from({ length: count }, (_, i) => keccak256(toHex(i)));

describe('getProof', () => {
  it('proves every leaf of trees from 1 to 33 leaves', () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = leavesOf(n);
      const tree = buildMerkleTree(leaves);
      for (const leaf of leaves)
        expect(verifyProof(tree.root, leaf, getProof(tree, leaf)), `n=${n}`).toBe(true);
    }
  });

  it('gives an empty proof for a single leaf and at most ceil(log2 n) + 1 siblings otherwise', () => {
    const [only] = leavesOf(1) as [Hex];
    expect(getProof(buildMerkleTree([only]), only)).toEqual([]);
    const tree = buildMerkleTree(leavesOf(1000));
    expect(getProof(tree, tree.leaves[0] as Hex).length).toBeLessThanOrEqual(11);
  });

  it('finds a leaf whatever its case, and proves repeated leaves', () => {
    const leaves = leavesOf(5);
    const repeated = leaves[2] as Hex;
    const tree = buildMerkleTree([...leaves, repeated]);
    const upper = `0x${repeated.slice(2).toUpperCase()}` as Hex;
    expect(verifyProof(tree.root, repeated, getProof(tree, upper))).toBe(true);
  });

  it('refuses a leaf the tree does not hold', () => {
    const tree = buildMerkleTree(leavesOf(4));
    expect(() => getProof(tree, keccak256('0x99'))).toThrow(MerkleLeafNotFoundError);
  });
});
