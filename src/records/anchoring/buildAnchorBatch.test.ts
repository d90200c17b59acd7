import { keccak256, stringToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import { recordLeaf } from '../../ledger/merkle/merkleLeaf.ts';
import { verifyProof } from '../../ledger/merkle/verifyProof.ts';
import { hash } from '../store/contractFixtures.ts';
import type { AnchorBatchClaim } from '../store/RecordStore.ts';
import { buildAnchorBatch } from './buildAnchorBatch.ts';

const claim = (size: number): AnchorBatchClaim => ({
  batchId: 'b1f7c8a0-0000-4000-8000-000000000001',
  leaseExpiresAt: new Date(0).toISOString(),
  entries: Array.from({ length: size }, (_, i) => ({
    resourceType: 'Observation',
    id: `o${i}`,
    versionId: 1,
    contentHash: hash(i + 1),
  })),
});

describe('buildAnchorBatch', () => {
  it('gives every claimed version a proof from recordLeaf(contentHash) to the root', () => {
    const batch = buildAnchorBatch(claim(7));
    expect(batch.leafCount).toBe(7);
    expect(batch.batchId).toBe(keccak256(stringToBytes('b1f7c8a0-0000-4000-8000-000000000001')));
    expect(batch.proofs.map((p) => p.id)).toEqual(['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
    batch.proofs.forEach((p, i) => {
      expect(verifyProof(batch.root, recordLeaf(hash(i + 1)), p.proof)).toBe(true);
      // A proof is bound to its own hash: the neighbour's hash does not verify with it.
      expect(verifyProof(batch.root, recordLeaf(hash(i + 2)), p.proof)).toBe(false);
    });
  });

  it('matches the worked example of contracts/MERKLE.md', () => {
    expect(buildAnchorBatch(claim(3)).root).toBe(
      '0x5f4923f948662c31f058199ef8c422f7a1c3ffbc4b995d060c159d397787a912',
    );
  });

  it('with a salt, anchors the same versions under another root with one extra leaf', () => {
    const plain = buildAnchorBatch(claim(4));
    const salted = buildAnchorBatch(claim(4), { salt: hash(0xdead) });
    expect(salted.root).not.toBe(plain.root);
    expect(salted.leafCount).toBe(5);
    salted.proofs.forEach((p, i) => {
      expect(verifyProof(salted.root, recordLeaf(hash(i + 1)), p.proof)).toBe(true);
    });
  });

  it('proves a single version with an empty proof (its leaf is the root)', () => {
    const batch = buildAnchorBatch(claim(1));
    expect(batch.root).toBe(recordLeaf(hash(1)));
    expect(batch.proofs[0]?.proof).toEqual([]);
  });
});
