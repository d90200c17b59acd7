import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LedgerUnavailableError } from '../../ledger/client/ledgerErrors.ts';
import { recordLeaf } from '../../ledger/merkle/merkleLeaf.ts';
import { verifyProof } from '../../ledger/merkle/verifyProof.ts';
import { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import { hash } from '../store/contractFixtures.ts';
import { AnchorClaimLostError } from '../store/errors.ts';
import { MemoryRecordStore } from '../store/MemoryRecordStore.ts';
import { AnchoringWorker, type AnchoringWorkerOptions } from './AnchoringWorker.ts';
import { buildAnchorBatch } from './buildAnchorBatch.ts';
import { ChainAnchorVerifier } from './ChainAnchorVerifier.ts';
import { MemoryRecordAnchorChain } from './MemoryRecordAnchorChain.ts';
import { sealedVersion } from './testing/sealedVersion.ts';

const T0 = Date.parse('2024-03-01T08:00:00.000Z');
const ring = MasterKeyRing.ephemeral();

describe('AnchoringWorker', () => {
  let store: MemoryRecordStore;
  let chain: MemoryRecordAnchorChain;
  let worker: AnchoringWorker;

  const create = async (count: number, prefix = 'o') => {
    for (let i = 0; i < count; i++)
      await store.createVersion(sealedVersion(ring, 'Observation', `${prefix}${i}`));
  };
  const startWorker = (options: Partial<AnchoringWorkerOptions> = {}) => {
    worker = new AnchoringWorker({ store, chain, batchSize: 10, intervalMs: 500, pollMs: 50, ...options });
    worker.start();
    return worker;
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    store = new MemoryRecordStore({ now: () => Date.now() });
    chain = new MemoryRecordAnchorChain();
  });
  afterEach(async () => {
    await worker?.stop();
    vi.useRealTimers();
  });

  it('anchors a full batch at once, without waiting for the interval', async () => {
    await create(25);
    startWorker();
    await vi.advanceTimersByTimeAsync(1);
    // Two full batches of 10 go at once; the 5 left wait for their interval.
    expect(chain.batches().map((b) => b.leafCount)).toEqual([10, 10]);
    expect(await store.pendingAnchorCount()).toBe(5);
    await vi.advanceTimersByTimeAsync(600);
    expect(chain.batches().map((b) => b.leafCount)).toEqual([10, 10, 5]);
    expect(await store.pendingAnchorCount()).toBe(0);
    expect(worker.metrics).toMatchObject({ batches: 3, versions: 25, lastBatchSize: 5, failures: 0 });
  });

  it('anchors a partial batch once its oldest version has waited the interval, not before', async () => {
    startWorker();
    await vi.advanceTimersByTimeAsync(200);
    await create(3);
    await vi.advanceTimersByTimeAsync(400); // seen within one poll (≤ 50 ms), so at most 450 ms waited
    expect(chain.batches()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(150);
    expect(chain.batches().map((b) => b.leafCount)).toEqual([3]);
    // Lag: created at T0+200, anchored by T0+750 at the latest.
    expect(worker.metrics.lag.max).toBeGreaterThanOrEqual(500);
    expect(worker.metrics.lag.max).toBeLessThanOrEqual(550);
  });

  it('stores proofs that verify against the anchored root, off chain and through ChainAnchorVerifier', async () => {
    await create(7);
    startWorker();
    await vi.advanceTimersByTimeAsync(600);
    const [batch] = chain.batches();
    const verifier = new ChainAnchorVerifier({ reader: chain, custodian: () => chain.custodian() });
    for (let i = 0; i < 7; i++) {
      const version = await store.readCurrent('Observation', `o${i}`);
      if (!version?.anchor) throw new Error('not anchored');
      expect(version.anchor.root).toBe(batch?.root);
      expect(version.anchor.txHash).toBe(batch?.txHash);
      expect(verifyProof(version.anchor.root, recordLeaf(version.contentHash), version.anchor.proof)).toBe(
        true,
      );
      expect(await verifier.verify(version)).toEqual({
        status: 'verified',
        root: batch?.root,
        txHash: batch?.txHash,
      });
    }
  });

  it('releases the claim when the chain fails, backs off, and anchors on a later try', async () => {
    await create(4);
    for (let i = 0; i < 3; i++) chain.failNext(new LedgerUnavailableError('node down'));
    startWorker({ retryMs: { initial: 1000, max: 4000 } });
    await vi.advanceTimersByTimeAsync(600);
    expect(worker.metrics).toMatchObject({ failures: 1, consecutiveFailures: 1, lastError: 'node down' });
    // Released, not leased: the versions are free for the next claim at once.
    expect((await store.claimAnchorBatch({ maxSize: 10, leaseMs: 1 }))?.entries).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(5); // that test claim lapses
    await vi.advanceTimersByTimeAsync(1000 + 2000); // second and third failures, after 1 s and 2 s
    expect(worker.metrics.failures).toBe(3);
    expect(chain.batches()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(4000);
    expect(chain.batches().map((b) => b.leafCount)).toEqual([4]);
    expect(worker.metrics).toMatchObject({ consecutiveFailures: 0, versions: 4 });
    expect(await store.pendingAnchorCount()).toBe(0);
  });

  it('recovers a batch whose receipt was lost: the root is found on chain, not anchored twice', async () => {
    await create(5);
    chain.failNext(new LedgerUnavailableError('receipt wait timed out'), 'after');
    startWorker({ retryMs: { initial: 100, max: 100 } });
    await vi.advanceTimersByTimeAsync(700);
    expect(chain.batches()).toHaveLength(1);
    expect(chain.calls.map((c) => c.root)).toEqual([chain.batches()[0]?.root, chain.batches()[0]?.root]);
    expect(worker.metrics).toMatchObject({ recovered: 1, versions: 5 });
    const version = await store.readCurrent('Observation', 'o3');
    expect(version?.anchor?.txHash).toBe(chain.batches()[0]?.txHash);
  });

  it('salts the tree when another member already anchored the same root', async () => {
    await create(3);
    const claim = await store.claimAnchorBatch({ maxSize: 10, leaseMs: 1 });
    if (!claim) throw new Error('expected a claim');
    const squatted = buildAnchorBatch(claim);
    await chain.as('0x00000000000000000000000000000000000bad01').anchorBatch(squatted);
    await vi.advanceTimersByTimeAsync(5);
    startWorker();
    await vi.advanceTimersByTimeAsync(600);
    const ours = chain.batches()[1];
    expect(ours?.root).not.toBe(squatted.root);
    expect(ours?.leafCount).toBe(4);
    const verifier = new ChainAnchorVerifier({ reader: chain, custodian: () => chain.custodian() });
    const version = await store.readCurrent('Observation', 'o1');
    if (!version) throw new Error('missing');
    expect(await verifier.verify(version)).toMatchObject({ status: 'verified', root: ours?.root });
  });

  it('re-claims the batch of a worker that died mid-batch once its lease lapses, and anchors it once', async () => {
    await create(6);
    const dead = await store.claimAnchorBatch({ maxSize: 10, leaseMs: 30_000 });
    if (!dead) throw new Error('expected a claim');
    startWorker();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(chain.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(chain.batches().map((b) => b.leafCount)).toEqual([6]);
    expect(chain.calls).toHaveLength(1);
    // The dead worker comes back: its claim is gone and changes nothing.
    const proofs = dead.entries.map((entry) => ({ ...entry, proof: [] }));
    await expect(
      store.markBatchAnchored(dead.batchId, { root: hash(1), txHash: hash(2), proofs }),
    ).rejects.toThrow(AnchorClaimLostError);
    expect((await store.readCurrent('Observation', 'o0'))?.anchor?.root).toBe(chain.batches()[0]?.root);
  });

  it('flush anchors everything now; stop ends polling', async () => {
    worker = new AnchoringWorker({ store, chain, batchSize: 4, intervalMs: 10_000 });
    await create(9);
    expect(await worker.flush()).toBe(9);
    expect(chain.batches().map((b) => b.leafCount)).toEqual([4, 4, 1]);
    worker.start();
    await worker.stop();
    await create(2, 'late');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await store.pendingAnchorCount()).toBe(2);
  });
});
