import { beforeEach, expect, it } from 'vitest';
import { type ContractContext, hash, refs, T0, version } from './contractFixtures.ts';
import { AnchorBatchMismatchError, AnchorClaimLostError } from './errors.ts';

const root = hash(0x5eed);

/** The anchoring-outbox part of `recordStoreContract`: FIFO claims, leases, release, completion, concurrency. */
export function anchorOutboxContract(ctx: ContractContext): void {
  beforeEach(async () => {
    for (let i = 1; i <= 5; i++)
      await ctx.store.createVersion(version('Observation', `o${i}`, 1, { contentHash: hash(i) }));
  });
  const proofsFor = (claim: { entries: { resourceType: string; id: string; versionId: number }[] }) =>
    claim.entries.map((entry, i) => ({ ...entry, proof: [hash(100 + i)] }));

  it('claims the oldest versions first in disjoint batches and records anchors with their proofs', async () => {
    const first = await ctx.store.claimAnchorBatch({ maxSize: 3, leaseMs: 60_000 });
    const second = await ctx.store.claimAnchorBatch({ maxSize: 3, leaseMs: 60_000 });
    expect(refs(first?.entries ?? [])).toEqual(['Observation/o1/1', 'Observation/o2/1', 'Observation/o3/1']);
    expect(first?.entries.map((e) => e.contentHash)).toEqual([hash(1), hash(2), hash(3)]);
    expect(first?.leaseExpiresAt).toBe(new Date(T0 + 60_000).toISOString());
    expect(refs(second?.entries ?? [])).toEqual(['Observation/o4/1', 'Observation/o5/1']);
    expect(await ctx.store.claimAnchorBatch({ maxSize: 3, leaseMs: 60_000 })).toBeNull();
    if (!first || !second) throw new Error('expected claims');

    ctx.now += 5_000;
    await ctx.store.markBatchAnchored(first.batchId, { root, txHash: hash(0xabc), proofs: proofsFor(first) });
    expect(await ctx.store.pendingAnchorCount()).toBe(2);
    const anchored = await ctx.store.readCurrent('Observation', 'o2');
    expect(anchored?.anchorStatus).toBe('anchored');
    expect(anchored?.anchor).toEqual({
      batchId: first.batchId,
      root,
      txHash: hash(0xabc),
      proof: [hash(101)],
      anchoredAt: new Date(T0 + 5_000).toISOString(),
    });
    expect((await ctx.store.readCurrent('Observation', 'o4'))?.anchorStatus).toBe('pending');
    // A completed batch cannot be completed again.
    await expect(
      ctx.store.markBatchAnchored(first.batchId, { root, txHash: hash(0xabc), proofs: proofsFor(first) }),
    ).rejects.toThrow(AnchorClaimLostError);
  });

  it('hands a claimed but never completed batch to the next claimer once its lease lapses', async () => {
    const crashed = await ctx.store.claimAnchorBatch({ maxSize: 10, leaseMs: 30_000 });
    if (!crashed) throw new Error('expected a claim');
    ctx.now += 29_999;
    expect(await ctx.store.claimAnchorBatch({ maxSize: 10, leaseMs: 30_000 })).toBeNull();
    ctx.now += 1;
    const retry = await ctx.store.claimAnchorBatch({ maxSize: 10, leaseMs: 30_000 });
    expect(retry?.batchId).not.toBe(crashed.batchId);
    expect(refs(retry?.entries ?? [])).toEqual(refs(crashed.entries));
    // The worker that "crashed" comes back late: its claim is gone and it must not overwrite anything.
    await expect(
      ctx.store.markBatchAnchored(crashed.batchId, { root, txHash: hash(1), proofs: proofsFor(crashed) }),
    ).rejects.toThrow(AnchorClaimLostError);
    if (!retry) throw new Error('expected a claim');
    await ctx.store.markBatchAnchored(retry.batchId, { root, txHash: hash(2), proofs: proofsFor(retry) });
    expect((await ctx.store.readCurrent('Observation', 'o1'))?.anchor?.txHash).toBe(hash(2));
    expect(await ctx.store.pendingAnchorCount()).toBe(0);
  });

  it('releases a batch for an immediate retry', async () => {
    const claim = await ctx.store.claimAnchorBatch({ maxSize: 2, leaseMs: 60_000 });
    if (!claim) throw new Error('expected a claim');
    await ctx.store.releaseAnchorBatch(claim.batchId);
    const again = await ctx.store.claimAnchorBatch({ maxSize: 2, leaseMs: 60_000 });
    expect(refs(again?.entries ?? [])).toEqual(refs(claim.entries));
    await expect(
      ctx.store.markBatchAnchored(claim.batchId, { root, txHash: hash(1), proofs: proofsFor(claim) }),
    ).rejects.toThrow(AnchorClaimLostError);
  });

  it('refuses proofs that do not cover the batch, changing nothing', async () => {
    const claim = await ctx.store.claimAnchorBatch({ maxSize: 3, leaseMs: 60_000 });
    if (!claim) throw new Error('expected a claim');
    const partial = proofsFor(claim).slice(0, 2);
    await expect(
      ctx.store.markBatchAnchored(claim.batchId, { root, txHash: hash(1), proofs: partial }),
    ).rejects.toThrow(AnchorBatchMismatchError);
    const foreign = [...partial, { resourceType: 'Observation', id: 'o5', versionId: 1, proof: [] }];
    await expect(
      ctx.store.markBatchAnchored(claim.batchId, { root, txHash: hash(1), proofs: foreign }),
    ).rejects.toThrow(AnchorClaimLostError);
    expect((await ctx.store.readCurrent('Observation', 'o1'))?.anchorStatus).toBe('pending');
    expect(await ctx.store.pendingAnchorCount()).toBe(5);
    await ctx.store.markBatchAnchored(claim.batchId, { root, txHash: hash(1), proofs: proofsFor(claim) });
    expect(await ctx.store.pendingAnchorCount()).toBe(2);
  });

  it('gives concurrent claimers disjoint batches', async () => {
    for (let i = 6; i <= 20; i++) await ctx.store.createVersion(version('Observation', `o${i}`, 1));
    const claims = await Promise.all(
      Array.from({ length: 4 }, () => ctx.store.claimAnchorBatch({ maxSize: 5, leaseMs: 60_000 })),
    );
    const all = claims.flatMap((claim) => refs(claim?.entries ?? []));
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
  });
}
