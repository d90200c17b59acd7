import { describe, expect, it } from 'vitest';
import { recordLeaf } from '../../ledger/merkle/merkleLeaf.ts';
import { hash } from '../store/contractFixtures.ts';
import type { AnchorBatchClaim } from '../store/RecordStore.ts';
import { prepareAnchorBatch, prepareAnchorBatchSliced } from './prepareAnchorBatch.ts';

type Entry = AnchorBatchClaim['entries'][number];
const claim: AnchorBatchClaim = {
  batchId: 'b1f7c8a0-0000-4000-8000-000000000002',
  leaseExpiresAt: new Date(0).toISOString(),
  entries: Array.from({ length: 1000 }, (_, i) => ({
    resourceType: 'Observation',
    id: `o${i}`,
    versionId: 1,
    contentHash: hash(i + 1),
  })),
};
const source = { entryHash: (entry: Entry) => entry.contentHash, leaf: recordLeaf };

describe('prepareAnchorBatchSliced', () => {
  it('gives the same root and proofs as prepareAnchorBatch, letting other work run while it hashes', async () => {
    let turns = 0;
    let counting = true;
    const count = () => {
      if (!counting) return;
      turns += 1;
      setImmediate(count);
    };
    setImmediate(count);
    const sliced = await prepareAnchorBatchSliced(claim, source, { salt: hash(0xbeef) });
    counting = false;
    expect(sliced).toEqual(prepareAnchorBatch(claim, source, { salt: hash(0xbeef) }));
    // A thousand entries: ten slices of leaves, the tree, three of proofs; the loop turned in between.
    expect(turns).toBeGreaterThanOrEqual(10);
  });
});
