import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../records/canonicalJson.ts';
import { hash, T0 } from '../records/store/contractFixtures.ts';
import { AnchorBatchMismatchError, AnchorClaimLostError } from '../records/store/errors.ts';
import type { AccessLogStore, NewAccessEvent } from './AccessLogStore.ts';
import { InvalidAccessEventError } from './auditErrors.ts';

/** A well-formed event `e<n>` recorded `n` seconds after T0 (or at `at`), concerning `patients`. */
export function accessEvent(n: number, patients: readonly string[] = [], at?: number): NewAccessEvent {
  const eventJson = JSON.stringify({ id: `e${n}`, resourceType: 'AuditEvent', n });
  return {
    eventId: `e${n}`,
    recorded: new Date(at ?? T0 + n * 1000).toISOString(),
    patients,
    eventJson,
    eventHash: contentHash(Buffer.from(eventJson, 'utf8')),
  };
}

const root = hash(0xacce55);
const ids = (events: readonly { eventId: string }[]) => events.map((e) => e.eventId);

/**
 * The behaviour every `AccessLogStore` shares: append-only storage with hash checks, the patient index (newest
 * first, paged, with totals), and the anchoring outbox (FIFO claims, leases, release, completion).
 */
export function accessLogStoreContract(
  open: (clock: { now: () => number }) => Promise<AccessLogStore>,
): void {
  const ctx = { now: T0 } as { now: number; store: AccessLogStore };
  beforeEach(async () => {
    ctx.now = T0;
    ctx.store = await open({ now: () => ctx.now });
  });
  afterEach(async () => {
    await ctx.store.close();
  });

  describe('appending', () => {
    it('stores the event exactly, pending anchoring, and reads it back', async () => {
      const event = accessEvent(1, ['Patient/p1', 'Patient/p2']);
      const stored = await ctx.store.append(event);
      expect(stored).toMatchObject({ ...event, anchorStatus: 'pending', anchor: null });
      const read = await ctx.store.read('e1');
      expect(read).toEqual(stored);
      expect(await ctx.store.read('missing')).toBeUndefined();
      expect(await ctx.store.pendingAnchorCount()).toBe(1);
    });

    it('refuses an event whose hash is not its JSON’s, a second event with the same id, and bad references', async () => {
      await expect(ctx.store.append({ ...accessEvent(1), eventHash: hash(7) })).rejects.toThrow(
        InvalidAccessEventError,
      );
      await ctx.store.append(accessEvent(1));
      await expect(ctx.store.append(accessEvent(1))).rejects.toThrow(InvalidAccessEventError);
      await expect(ctx.store.append(accessEvent(2, ['Bob Smith']))).rejects.toThrow(InvalidAccessEventError);
      await expect(ctx.store.append({ ...accessEvent(3), recorded: 'yesterday' })).rejects.toThrow(
        InvalidAccessEventError,
      );
      expect(ids(await ctx.store.all({ limit: 10 }))).toEqual(['e1']);
    });

    it('lists every event in append order, page by page', async () => {
      for (let n = 1; n <= 5; n++) await ctx.store.append(accessEvent(n));
      const first = await ctx.store.all({ limit: 2 });
      expect(ids(first)).toEqual(['e1', 'e2']);
      const next = await ctx.store.all({ afterSeq: first.at(-1)?.seq ?? 0, limit: 10 });
      expect(ids(next)).toEqual(['e3', 'e4', 'e5']);
    });
  });

  describe('who accessed a patient’s records', () => {
    beforeEach(async () => {
      await ctx.store.append(accessEvent(1, ['Patient/p1']));
      await ctx.store.append(accessEvent(2, ['Patient/p2']));
      await ctx.store.append(accessEvent(3, ['Patient/p1', 'Patient/p2']));
      await ctx.store.append(accessEvent(4, []));
      // Recorded earlier than e3 but appended later: order is by time, not arrival.
      await ctx.store.append(accessEvent(5, ['Patient/p1'], T0 + 2500));
      await ctx.store.append(accessEvent(6, ['Patient/p1']));
    });

    it('lists only that patient’s events, newest first, with the total over all pages', async () => {
      const page = await ctx.store.byPatient('Patient/p1', { count: 10 });
      expect(ids(page.events)).toEqual(['e6', 'e3', 'e5', 'e1']);
      expect(page.total).toBe(4);
      expect(ids((await ctx.store.byPatient('Patient/p2', { count: 10 })).events)).toEqual(['e3', 'e2']);
      expect(await ctx.store.byPatient('Patient/nobody', { count: 10 })).toEqual({ events: [], total: 0 });
    });

    it('pages with count and offset', async () => {
      const second = await ctx.store.byPatient('Patient/p1', { count: 2, offset: 2 });
      expect(ids(second.events)).toEqual(['e5', 'e1']);
      expect(second.total).toBe(4);
      expect((await ctx.store.byPatient('Patient/p1', { count: 2, offset: 4 })).events).toEqual([]);
    });
  });

  describe('anchoring outbox', () => {
    beforeEach(async () => {
      for (let n = 1; n <= 5; n++) await ctx.store.append(accessEvent(n, ['Patient/p1']));
    });
    const proofsFor = (claim: { entries: readonly { eventId: string }[] }) =>
      claim.entries.map((entry, i) => ({ eventId: entry.eventId, proof: [hash(100 + i)] }));

    it('claims the oldest events first in disjoint batches and records anchors with their proofs', async () => {
      const first = await ctx.store.claimAnchorBatch({ maxSize: 3, leaseMs: 60_000 });
      const second = await ctx.store.claimAnchorBatch({ maxSize: 3, leaseMs: 60_000 });
      expect(ids(first?.entries ?? [])).toEqual(['e1', 'e2', 'e3']);
      expect(first?.entries[0]).toEqual({
        eventId: 'e1',
        eventHash: accessEvent(1).eventHash,
        recorded: accessEvent(1).recorded,
      });
      expect(first?.leaseExpiresAt).toBe(new Date(T0 + 60_000).toISOString());
      expect(ids(second?.entries ?? [])).toEqual(['e4', 'e5']);
      expect(await ctx.store.claimAnchorBatch({ maxSize: 3, leaseMs: 60_000 })).toBeNull();
      if (!first) throw new Error('expected a claim');

      ctx.now += 5_000;
      await ctx.store.markBatchAnchored(first.batchId, {
        root,
        txHash: hash(0xabc),
        proofs: proofsFor(first),
      });
      expect(await ctx.store.pendingAnchorCount()).toBe(2);
      expect((await ctx.store.read('e2'))?.anchor).toEqual({
        batchId: first.batchId,
        root,
        txHash: hash(0xabc),
        proof: [hash(101)],
        anchoredAt: new Date(T0 + 5_000).toISOString(),
      });
      const [newest] = (await ctx.store.byPatient('Patient/p1', { count: 1, offset: 2 })).events;
      expect(newest?.anchorStatus).toBe('anchored');
      expect((await ctx.store.read('e4'))?.anchorStatus).toBe('pending');
      await expect(
        ctx.store.markBatchAnchored(first.batchId, { root, txHash: hash(1), proofs: proofsFor(first) }),
      ).rejects.toThrow(AnchorClaimLostError);
    });

    it('hands a lapsed claim to the next claimer; the late worker changes nothing', async () => {
      const crashed = await ctx.store.claimAnchorBatch({ maxSize: 10, leaseMs: 30_000 });
      if (!crashed) throw new Error('expected a claim');
      ctx.now += 29_999;
      expect(await ctx.store.claimAnchorBatch({ maxSize: 10, leaseMs: 30_000 })).toBeNull();
      ctx.now += 1;
      const retry = await ctx.store.claimAnchorBatch({ maxSize: 10, leaseMs: 30_000 });
      expect(ids(retry?.entries ?? [])).toEqual(ids(crashed.entries));
      await expect(
        ctx.store.markBatchAnchored(crashed.batchId, { root, txHash: hash(1), proofs: proofsFor(crashed) }),
      ).rejects.toThrow(AnchorClaimLostError);
      if (!retry) throw new Error('expected a claim');
      await ctx.store.markBatchAnchored(retry.batchId, { root, txHash: hash(2), proofs: proofsFor(retry) });
      expect((await ctx.store.read('e1'))?.anchor?.txHash).toBe(hash(2));
      expect(await ctx.store.pendingAnchorCount()).toBe(0);
    });

    it('releases a batch for an immediate retry and refuses proofs that do not cover it', async () => {
      const claim = await ctx.store.claimAnchorBatch({ maxSize: 3, leaseMs: 60_000 });
      if (!claim) throw new Error('expected a claim');
      await expect(
        ctx.store.markBatchAnchored(claim.batchId, {
          root,
          txHash: hash(1),
          proofs: proofsFor(claim).slice(1),
        }),
      ).rejects.toThrow(AnchorBatchMismatchError);
      expect((await ctx.store.read('e2'))?.anchorStatus).toBe('pending');
      await ctx.store.releaseAnchorBatch(claim.batchId);
      const again = await ctx.store.claimAnchorBatch({ maxSize: 3, leaseMs: 60_000 });
      expect(ids(again?.entries ?? [])).toEqual(ids(claim.entries));
      await expect(
        ctx.store.markBatchAnchored(claim.batchId, { root, txHash: hash(1), proofs: proofsFor(claim) }),
      ).rejects.toThrow(AnchorClaimLostError);
    });

    it('gives concurrent claimers disjoint batches', async () => {
      for (let n = 6; n <= 20; n++) await ctx.store.append(accessEvent(n));
      const claims = await Promise.all(
        Array.from({ length: 4 }, () => ctx.store.claimAnchorBatch({ maxSize: 5, leaseMs: 60_000 })),
      );
      const all = claims.flatMap((claim) => ids(claim?.entries ?? []));
      expect(all).toHaveLength(20);
      expect(new Set(all).size).toBe(20);
    });
  });
}
