import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobRef, BlobStart, BlobStore } from './BlobStore.ts';
import { bytes, hash, T0 } from './contractFixtures.ts';
import { BlobExistsError, BlobNotFoundError } from './errors.ts';

/** Opens a fresh, empty blob store whose clock is `now`. */
export type BlobStoreFactory = (options: { now: () => number }) => Promise<BlobStore>;

const ref = (id: string, versionId = 1): BlobRef => ({ resourceType: 'Binary', id, versionId });
const start = (keyId = 'aaaaaaaaaaaaaaaa'): BlobStart => ({
  header: { wrappedKey: randomBytes(40), keyId, noncePrefix: randomBytes(7), segmentSize: 65536 },
  contentType: 'application/pdf',
});

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(bytes(chunk));
  return out;
}

/**
 * Registers the `BlobStore` contract as vitest tests for `factory`, so the memory, SQLite and PostgreSQL stores
 * agree on the upload steps, visibility, clean-up of failed uploads and key re-wrapping.
 */
export function blobStoreContract(factory: BlobStoreFactory): void {
  const ctx = { store: undefined as unknown as BlobStore, now: T0 };
  beforeEach(async () => {
    ctx.now = T0;
    ctx.store = await factory({ now: () => ctx.now });
  });
  afterEach(async () => {
    await ctx.store.close();
  });

  describe('blobs', () => {
    it('stores chunks in order and reads back every byte and field once complete', async () => {
      const s = start();
      const chunks = [randomBytes(1000), randomBytes(1), randomBytes(70_000)];
      await ctx.store.beginBlob(ref('b1'), s);
      for (const [index, chunk] of chunks.entries()) await ctx.store.appendChunk(ref('b1'), index, chunk);
      expect(await ctx.store.readBlob(ref('b1'))).toBeUndefined();
      const summary = { size: 71_000, sealedSize: 71_001, contentHash: hash(7), chunkCount: 3 };
      const done = await ctx.store.completeBlob(ref('b1'), summary);
      const read = await ctx.store.readBlob(ref('b1'));
      for (const blob of [done, read]) {
        expect(blob).toMatchObject({ ...ref('b1'), ...summary, contentType: 'application/pdf' });
        expect(blob?.createdAt).toBe(new Date(T0).toISOString());
        expect(blob?.header.keyId).toBe(s.header.keyId);
        expect(blob?.header.segmentSize).toBe(65536);
        expect(bytes(blob?.header.wrappedKey ?? new Uint8Array())).toBe(bytes(s.header.wrappedKey));
        expect(bytes(blob?.header.noncePrefix ?? new Uint8Array())).toBe(bytes(s.header.noncePrefix));
      }
      expect(await collect(ctx.store.readChunks(ref('b1')))).toEqual(chunks.map(bytes));
      expect(await ctx.store.readBlob(ref('b1', 2))).toBeUndefined();
    });

    it('stores an empty blob (no chunks)', async () => {
      await ctx.store.beginBlob(ref('empty'), start());
      await ctx.store.completeBlob(ref('empty'), {
        size: 0,
        sealedSize: 16,
        contentHash: hash(0),
        chunkCount: 0,
      });
      expect(await collect(ctx.store.readChunks(ref('empty')))).toEqual([]);
    });

    it('writes a blob once, chunks in order, and completes only with every chunk', async () => {
      await ctx.store.beginBlob(ref('b1'), start());
      await expect(ctx.store.beginBlob(ref('b1'), start())).rejects.toThrow(BlobExistsError);
      await expect(ctx.store.appendChunk(ref('b1'), 1, randomBytes(4))).rejects.toThrow(BlobNotFoundError);
      await ctx.store.appendChunk(ref('b1'), 0, randomBytes(4));
      await expect(
        ctx.store.completeBlob(ref('b1'), { size: 1, sealedSize: 1, contentHash: hash(1), chunkCount: 2 }),
      ).rejects.toThrow(BlobNotFoundError);
      await ctx.store.completeBlob(ref('b1'), {
        size: 1,
        sealedSize: 1,
        contentHash: hash(1),
        chunkCount: 1,
      });
      await expect(ctx.store.appendChunk(ref('b1'), 1, randomBytes(4))).rejects.toThrow(BlobNotFoundError);
      await expect(
        ctx.store.completeBlob(ref('b1'), { size: 1, sealedSize: 1, contentHash: hash(1), chunkCount: 1 }),
      ).rejects.toThrow(BlobNotFoundError);
      await expect(ctx.store.appendChunk(ref('none'), 0, randomBytes(4))).rejects.toThrow(BlobNotFoundError);
      await expect(collect(ctx.store.readChunks(ref('none')))).rejects.toThrow(BlobNotFoundError);
    });

    it('discards a blob and sweeps only unfinished uploads older than the cut-off', async () => {
      await ctx.store.beginBlob(ref('refused'), start());
      await ctx.store.appendChunk(ref('refused'), 0, randomBytes(10));
      await ctx.store.discardBlob(ref('refused'));
      await ctx.store.discardBlob(ref('never-was'));
      // Discarded means gone: the ref can be written again.
      await ctx.store.beginBlob(ref('refused'), start());
      await ctx.store.discardBlob(ref('refused'));

      await ctx.store.beginBlob(ref('crashed'), start());
      await ctx.store.appendChunk(ref('crashed'), 0, randomBytes(10));
      await ctx.store.beginBlob(ref('finished'), start());
      await ctx.store.completeBlob(ref('finished'), {
        size: 0,
        sealedSize: 16,
        contentHash: hash(0),
        chunkCount: 0,
      });
      ctx.now = T0 + 60_000;
      await ctx.store.beginBlob(ref('in-progress'), start());
      expect(await ctx.store.discardUnfinished(T0 + 1)).toBe(1);
      expect(await ctx.store.readBlob(ref('finished'))).toBeDefined();
      await expect(ctx.store.beginBlob(ref('in-progress'), start())).rejects.toThrow(BlobExistsError);
      await ctx.store.beginBlob(ref('crashed'), start());
    });

    it('lists blobs under other master keys and re-wraps only from the expected key', async () => {
      await ctx.store.beginBlob(ref('old'), start('0000000000000001'));
      await ctx.store.completeBlob(ref('old'), {
        size: 0,
        sealedSize: 16,
        contentHash: hash(0),
        chunkCount: 0,
      });
      await ctx.store.beginBlob(ref('new'), start('0000000000000002'));
      const stale = await ctx.store.blobsToRewrap('0000000000000002', 10);
      expect(stale.map((b) => [b.id, b.header.keyId])).toEqual([['old', '0000000000000001']]);
      const wrapped = { wrappedKey: randomBytes(40), keyId: '0000000000000002' };
      expect(await ctx.store.rewrapBlob(ref('old'), '0000000000000009', wrapped)).toBe(false);
      expect(await ctx.store.rewrapBlob(ref('old'), '0000000000000001', wrapped)).toBe(true);
      expect(await ctx.store.rewrapBlob(ref('old'), '0000000000000001', wrapped)).toBe(false);
      const read = await ctx.store.readBlob(ref('old'));
      expect(read?.header.keyId).toBe('0000000000000002');
      expect(bytes(read?.header.wrappedKey ?? new Uint8Array())).toBe(bytes(wrapped.wrappedKey));
      expect(await ctx.store.blobsToRewrap('0000000000000002', 10)).toEqual([]);
    });
  });
}
