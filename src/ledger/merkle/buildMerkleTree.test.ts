import { concat, type Hex, keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { buildMerkleTree } from './buildMerkleTree.ts';
import { MerkleEmptyTreeError, MerkleInvalidNodeError } from './errors.ts';
import { recordLeaf } from './merkleLeaf.ts';

const leavesOf = (count: number): Hex[] => Array.from({ length: count }, (_, i) => keccak256(toHex(i)));

/** OpenZeppelin merkle-tree's `StandardMerkleTree` root, restated naively from its published algorithm. */
function referenceRoot(leaves: readonly Hex[]): Hex {
  const sorted = [...leaves].map((leaf) => leaf.toLowerCase() as Hex).sort();
  const tree = new Array<Hex>(2 * sorted.length - 1);
  sorted.forEach((leaf, i) => {
    tree[tree.length - 1 - i] = leaf;
  });
  for (let i = tree.length - 1 - sorted.length; i >= 0; i--) {
    const pair = [tree[2 * i + 1] as Hex, tree[2 * i + 2] as Hex].sort();
    tree[i] = keccak256(concat(pair));
  }
  return tree[0] as Hex;
}

describe('buildMerkleTree', () => {
  it('matches the StandardMerkleTree root for every size from 1 to 40', () => {
    for (let n = 1; n <= 40; n++) {
      expect(buildMerkleTree(leavesOf(n)).root, `n=${n}`).toBe(referenceRoot(leavesOf(n)));
    }
  });

  it('uses the only leaf as the root of a one-leaf tree', () => {
    const [leaf] = leavesOf(1) as [Hex];
    expect(buildMerkleTree([leaf]).root).toBe(leaf);
  });

  it('does not depend on the order or case of the input', () => {
    const leaves = leavesOf(9);
    const shuffled = [...leaves]
      .reverse()
      .map((leaf, i) => (i % 2 ? (leaf.toUpperCase().replace('0X', '0x') as Hex) : leaf));
    expect(buildMerkleTree(shuffled).root).toBe(buildMerkleTree(leaves).root);
    expect(buildMerkleTree(leaves).leaves).toEqual([...leaves].sort());
  });

  it('changes the root when any leaf changes', () => {
    const leaves = leavesOf(8);
    const root = buildMerkleTree(leaves).root;
    const altered = [...leaves];
    altered[5] = keccak256('0xdead');
    expect(buildMerkleTree(altered).root).not.toBe(root);
  });

  it('reproduces the worked example of contracts/MERKLE.md', () => {
    const recordHashes = [1, 2, 3].map((i) => toHex(i, { size: 32 }));
    const tree = buildMerkleTree(recordHashes.map(recordLeaf));
    expect(tree.root).toBe('0x5f4923f948662c31f058199ef8c422f7a1c3ffbc4b995d060c159d397787a912');
  });

  it('refuses an empty batch and malformed leaves', () => {
    expect(() => buildMerkleTree([])).toThrow(MerkleEmptyTreeError);
    expect(() => buildMerkleTree(['0x12'])).toThrow(MerkleInvalidNodeError);
  });
});
