import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { bytesToHex } from '@ethereumjs/util';
import { describe, expect, it } from 'vitest';
import { orderedTrieRoot } from './orderedTrieRoot.ts';

async function referenceRoot(values: Uint8Array[]): Promise<string> {
  const trie = new MerklePatriciaTrie();
  for (const [i, value] of values.entries()) await trie.put(RLP.encode(i), value);
  return bytesToHex(trie.root());
}

/** Deterministic values of varying length, so that some nodes are inlined (< 32 bytes) and some hashed. */
function values(count: number, seed: number): Uint8Array[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state;
  };
  return Array.from({ length: count }, () => {
    const length = 1 + (next() % 120);
    return Uint8Array.from({ length }, () => next() & 0xff);
  });
}

describe('orderedTrieRoot', () => {
  it('equals the root of a MerklePatriciaTrie filled key by key, across the rlp(index) key-length boundaries', async () => {
    for (const count of [0, 1, 2, 3, 16, 17, 127, 128, 129, 130, 255, 256, 257, 700]) {
      const items = values(count, count + 1);
      expect(bytesToHex(orderedTrieRoot(items)), `${count} items`).toBe(await referenceRoot(items));
    }
  });

  it('handles one-byte values whose leaves are inlined into their parent', async () => {
    const items = Array.from({ length: 40 }, (_, i) => Uint8Array.of(i));
    expect(bytesToHex(orderedTrieRoot(items))).toBe(await referenceRoot(items));
  });
});
