import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../canonicalJson.ts';
import { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import { openRecord } from '../crypto/openRecord.ts';
import { recordAad } from '../crypto/recordAad.ts';
import { rewrapDataKey } from '../crypto/rewrapDataKey.ts';
import { sealRecord } from '../crypto/sealRecord.ts';
import { anchorOutboxContract } from './anchorOutboxContract.ts';
import { bytes, type ContractContext, hash, refs, T0, version } from './contractFixtures.ts';
import { InvalidRecordVersionError, VersionConflictError } from './errors.ts';
import type { NewRecordVersion, RecordStore } from './RecordStore.ts';
import { searchContract } from './searchContract.ts';

/** Opens a fresh, empty store whose outbox leases follow `now`. */
export type RecordStoreFactory = (options: { now: () => number }) => Promise<RecordStore>;

const overwrite = (value: Uint8Array, fill: number) => value.fill(fill);

/**
 * Registers the `RecordStore` contract as vitest tests for `factory`, so the memory, SQLite and PostgreSQL stores
 * are held to one definition of versioning, search, transactions, the anchoring outbox and key rotation.
 */
export function recordStoreContract(factory: RecordStoreFactory): void {
  // Filled before each test; the sub-suites read it then, never at registration time.
  const ctx: ContractContext = { store: undefined as unknown as RecordStore, now: T0 };
  beforeEach(async () => {
    ctx.now = T0;
    ctx.store = await factory({ now: () => ctx.now });
  });
  afterEach(async () => {
    await ctx.store.close();
  });

  describe('versions', () => {
    it('stores a version and reads back every field and byte', async () => {
      const input = version('Patient', 'p1', 1, {
        tokens: [{ param: 'identifier', system: 'urn:mrn', value: '7' }],
      });
      const created = await ctx.store.createVersion(input);
      expect(created).toMatchObject({
        resourceType: 'Patient',
        id: 'p1',
        versionId: 1,
        anchorStatus: 'pending',
      });
      for (const read of [
        await ctx.store.readCurrent('Patient', 'p1'),
        await ctx.store.readVersion('Patient', 'p1', 1),
      ]) {
        expect(read?.lastUpdated).toBe(input.lastUpdated);
        expect(read?.contentHash).toBe(input.contentHash);
        expect(read?.deleted).toBe(false);
        expect(read?.anchor).toBeNull();
        expect(read?.sealed.keyId).toBe(input.sealed.keyId);
        for (const field of ['ciphertext', 'iv', 'tag', 'wrappedKey'] as const) {
          expect(bytes(read?.sealed[field] ?? new Uint8Array()), field).toBe(bytes(input.sealed[field]));
        }
      }
      expect(await ctx.store.readCurrent('Patient', 'nope')).toBeUndefined();
      expect(await ctx.store.readVersion('Patient', 'p1', 2)).toBeUndefined();
      expect(await ctx.store.readCurrent('Practitioner', 'p1')).toBeUndefined();
    });

    it('numbers versions 1, 2, 3… and lists history newest first, deletions included', async () => {
      await ctx.store.createVersion(version('Patient', 'p1', 1));
      await ctx.store.createVersion(version('Patient', 'p1', 2));
      await ctx.store.createVersion(version('Patient', 'p1', 3, { deleted: true }));
      await ctx.store.createVersion(version('Patient', 'p2', 1));
      expect((await ctx.store.history('Patient', 'p1')).map((v) => [v.versionId, v.deleted])).toEqual([
        [3, true],
        [2, false],
        [1, false],
      ]);
      expect((await ctx.store.readCurrent('Patient', 'p1'))?.deleted).toBe(true);
      expect((await ctx.store.readVersion('Patient', 'p1', 2))?.contentHash).toBe(hash(2));
      expect(await ctx.store.history('Patient', 'none')).toEqual([]);
    });

    it('refuses a taken or skipped version number with VersionConflictError', async () => {
      await ctx.store.createVersion(version('Patient', 'p1', 1));
      const taken = await ctx.store
        .createVersion(version('Patient', 'p1', 1))
        .catch((error: unknown) => error);
      expect(taken).toBeInstanceOf(VersionConflictError);
      expect((taken as VersionConflictError).currentVersionId).toBe(1);
      await expect(ctx.store.createVersion(version('Patient', 'p1', 3))).rejects.toThrow(
        VersionConflictError,
      );
      await expect(ctx.store.createVersion(version('Patient', 'new', 2))).rejects.toThrow(
        VersionConflictError,
      );
      expect((await ctx.store.history('Patient', 'p1')).length).toBe(1);
    });

    it('refuses malformed versions before storing anything', async () => {
      await expect(ctx.store.createVersion(version('Patient', 'p1', 0))).rejects.toThrow(
        InvalidRecordVersionError,
      );
      await expect(
        ctx.store.createVersion({ ...version('Patient', 'p1', 1), lastUpdated: '2024-03-01' }),
      ).rejects.toThrow(InvalidRecordVersionError);
      await expect(
        ctx.store.createVersion({ ...version('Patient', 'p1', 1), contentHash: '0x12' }),
      ).rejects.toThrow(InvalidRecordVersionError);
      expect(await ctx.store.readCurrent('Patient', 'p1')).toBeUndefined();
      expect(await ctx.store.pendingAnchorCount()).toBe(0);
    });

    it('pages through every version in (type, id, version) order with a cursor', async () => {
      for (const [type, id, versions] of [
        ['Patient', 'b', 2],
        ['Observation', 'z', 1],
        ['Patient', 'a', 3],
      ] as const) {
        for (let v = 1; v <= versions; v++) await ctx.store.createVersion(version(type, id, v));
      }
      await ctx.store.claimAnchorBatch({ maxSize: 2, leaseMs: 60_000 }); // claims and anchors do not matter
      const seen: string[] = [];
      let after: { resourceType: string; id: string; versionId: number } | undefined;
      for (;;) {
        const page = await ctx.store.allVersions({ ...(after ? { after } : {}), limit: 2 });
        expect(page.length).toBeLessThanOrEqual(2);
        if (page.length === 0) break;
        seen.push(...refs(page));
        after = page.at(-1);
      }
      expect(seen).toEqual([
        'Observation/z/1',
        'Patient/a/1',
        'Patient/a/2',
        'Patient/a/3',
        'Patient/b/1',
        'Patient/b/2',
      ]);
      expect((await ctx.store.allVersions({ limit: 10 }))[0]?.contentHash).toBe(hash(1));
    });

    it('keeps versions immutable: later versions and caller mutations leave stored bytes alone', async () => {
      const input = version('Observation', 'o1', 1);
      const original = bytes(input.sealed.ciphertext);
      const created = await ctx.store.createVersion(input);
      overwrite(input.sealed.ciphertext, 0);
      const read = await ctx.store.readVersion('Observation', 'o1', 1);
      if (read) overwrite(read.sealed.ciphertext, 1);
      await ctx.store.createVersion(version('Observation', 'o1', 2));
      const again = await ctx.store.readVersion('Observation', 'o1', 1);
      expect(bytes(again?.sealed.ciphertext ?? new Uint8Array())).toBe(original);
      expect(again?.contentHash).toBe(created.contentHash);
      expect(again?.lastUpdated).toBe(created.lastUpdated);
    });
  });

  describe('concurrency', () => {
    it('lets exactly one of many racing writers take a version number', async () => {
      await ctx.store.createVersion(version('Patient', 'p1', 1));
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => ctx.store.createVersion(version('Patient', 'p1', 2))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
      expect((await ctx.store.history('Patient', 'p1')).map((v) => v.versionId)).toEqual([2, 1]);
    });

    it('gives read-then-write writers distinct versions when they retry on conflict', async () => {
      await ctx.store.createVersion(version('Patient', 'p1', 1));
      const writer = async (): Promise<number> => {
        for (;;) {
          try {
            return await ctx.store.transaction(async (tx) => {
              const current = (await tx.readCurrent('Patient', 'p1'))?.versionId ?? 0;
              return (await tx.createVersion(version('Patient', 'p1', current + 1))).versionId;
            });
          } catch (error) {
            if (!(error instanceof VersionConflictError)) throw error;
          }
        }
      };
      const got = await Promise.all(Array.from({ length: 6 }, writer));
      expect([...got].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
      expect((await ctx.store.history('Patient', 'p1')).map((v) => v.versionId)).toEqual([
        7, 6, 5, 4, 3, 2, 1,
      ]);
      expect(await ctx.store.pendingAnchorCount()).toBe(7);
    });
  });

  describe('transactions', () => {
    it('commits everything together and reads its own writes', async () => {
      const seen = await ctx.store.transaction(async (tx) => {
        await tx.createVersion(version('Patient', 'a', 1));
        await tx.createVersion(version('Encounter', 'b', 1));
        return (await tx.readCurrent('Patient', 'a'))?.versionId;
      });
      expect(seen).toBe(1);
      expect(await ctx.store.readCurrent('Encounter', 'b')).toBeDefined();
      expect(await ctx.store.pendingAnchorCount()).toBe(2);
    });

    it('rolls everything back when the work throws', async () => {
      await ctx.store.createVersion(version('Patient', 'a', 1));
      const failure = new Error('boom');
      await expect(
        ctx.store.transaction(async (tx) => {
          await tx.createVersion(
            version('Patient', 'a', 2, { tokens: [{ param: 'name', system: null, value: 'x' }] }),
          );
          await tx.createVersion(version('Encounter', 'b', 1));
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect((await ctx.store.readCurrent('Patient', 'a'))?.versionId).toBe(1);
      expect(await ctx.store.readCurrent('Encounter', 'b')).toBeUndefined();
      expect(await ctx.store.pendingAnchorCount()).toBe(1);
      const found = await ctx.store.search({
        resourceType: 'Patient',
        tokens: [{ param: 'name', anyOf: [{ value: 'x' }] }],
        count: 10,
      });
      expect(found.total).toBe(0);
      // The store still works after a rollback.
      await ctx.store.createVersion(version('Patient', 'a', 2));
    });
  });

  describe('search', () => searchContract(ctx));
  describe('anchoring outbox', () => anchorOutboxContract(ctx));
  describe('master key rotation', () => {
    it('re-wraps stored data keys under the new master key, ciphertext untouched, still decrypting', async () => {
      const ring = MasterKeyRing.ephemeral();
      const oldKey = ring.activeKeyId;
      const stored: NewRecordVersion[] = [];
      for (const id of ['a', 'b', 'c']) {
        const plaintext = canonicalJson({ resourceType: 'Patient', id, meta: { versionId: '1' } });
        const input = {
          ...version('Patient', id, 1),
          contentHash: contentHash(plaintext),
          sealed: sealRecord(ring, plaintext, recordAad({ resourceType: 'Patient', id, versionId: 1 })),
        };
        stored.push(input);
        await ctx.store.createVersion(input);
      }
      const newKey = ring.rotateMasterKey();
      expect(await ctx.store.versionsToRewrap(newKey, 2)).toHaveLength(2);
      for (;;) {
        const batch = await ctx.store.versionsToRewrap(newKey, 2);
        if (batch.length === 0) break;
        for (const v of batch) {
          expect(await ctx.store.rewrapVersion(v, v.sealed.keyId, rewrapDataKey(ring, v.sealed))).toBe(true);
        }
      }
      for (const input of stored) {
        const read = await ctx.store.readCurrent('Patient', input.id);
        if (!read) throw new Error('missing');
        expect(read.sealed.keyId).toBe(newKey);
        expect(bytes(read.sealed.ciphertext)).toBe(bytes(input.sealed.ciphertext));
        const plain = openRecord(ring, read.sealed, recordAad(read));
        expect(contentHash(plain)).toBe(read.contentHash);
      }
      // A re-wrap racing with another (stale `fromKeyId`) changes nothing.
      expect(
        await ctx.store.rewrapVersion({ resourceType: 'Patient', id: 'a', versionId: 1 }, oldKey, {
          wrappedKey: randomBytes(40),
          keyId: oldKey,
        }),
      ).toBe(false);
      expect((await ctx.store.readCurrent('Patient', 'a'))?.sealed.keyId).toBe(newKey);
    });
  });
}
