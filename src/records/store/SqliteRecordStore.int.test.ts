import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { VersionConflictError } from './errors.ts';
import { recordStoreContract } from './recordStoreContract.ts';
import { SqliteRecordStore } from './SqliteRecordStore.ts';

const dir = mkdtempSync(join(tmpdir(), 'caduceus-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describe('SqliteRecordStore (file, WAL)', () => {
  recordStoreContract(async ({ now }) => SqliteRecordStore.open({ path: join(dir, `vault-${++n}.db`), now }));
});

describe('SqliteRecordStore (:memory:)', () => {
  recordStoreContract(async ({ now }) => SqliteRecordStore.open({ path: ':memory:', now }));
});

describe('SqliteRecordStore specifics', () => {
  const sealed = {
    ciphertext: Buffer.from('c'),
    iv: Buffer.alloc(12),
    tag: Buffer.alloc(16),
    wrappedKey: Buffer.alloc(40),
    keyId: 'k',
  };
  const version = {
    resourceType: 'Patient',
    id: 'p1',
    versionId: 1,
    lastUpdated: '2024-03-01T08:00:00.000Z',
    contentHash: `0x${'ab'.repeat(32)}`,
    sealed,
    deleted: false,
  } as const;

  it('opens with WAL, acknowledges a write only after the WAL is flushed, and keeps it across a reopen', async () => {
    const path = join(dir, 'reopen.db');
    const flushed: string[] = [];
    let flushes = 0;
    const first = SqliteRecordStore.open({
      durability: 'wal-flush',
      path,
      walFlush: (walPath) => ({
        flush: async () => {
          flushes += 1;
          await new Promise((resolve) => setTimeout(resolve, 5));
          flushed.push(walPath);
        },
        close: () => undefined,
      }),
    });
    expect(first.database.pragma('journal_mode', { simple: true })).toBe('wal');
    // NORMAL: COMMIT does not fsync on the event loop; the store flushes the WAL itself before acknowledging.
    expect(first.database.pragma('synchronous', { simple: true })).toBe(1);
    await first.createVersion(version);
    expect(flushed).toEqual([`${path}-wal`]);
    await first.transaction(async (tx) => {
      await tx.createVersion({ ...version, versionId: 2 });
    });
    expect(flushes).toBe(2);
    await first.close();
    const second = SqliteRecordStore.open({ path });
    // The default is FULL: every COMMIT fsyncs the WAL itself.
    expect(second.database.pragma('synchronous', { simple: true })).toBe(2);
    expect((await second.readCurrent('Patient', 'p1'))?.contentHash).toBe(version.contentHash);
    expect((await second.readCurrent('Patient', 'p1'))?.versionId).toBe(2);
    expect(await second.pendingAnchorCount()).toBe(2);
    await second.close();
  });

  it('marks a large anchored batch a chunk per commit; versions whose claim lapsed meanwhile are left alone', async () => {
    const store = SqliteRecordStore.open({ path: join(dir, 'chunks.db') });
    await Promise.all(
      Array.from({ length: 250 }, (_, i) => store.createVersion({ ...version, id: `p${i}` })),
    );
    const claim = await store.claimAnchorBatch({ maxSize: 1000, leaseMs: 60_000 });
    if (!claim) throw new Error('expected a claim');
    const root = `0x${'11'.repeat(32)}` as const;
    const last = claim.entries.at(-1);
    const database = store.database;
    const run = database.exec.bind(database);
    let commits = 0;
    const exec = vi.spyOn(database, 'exec').mockImplementation((sql: string) => {
      run(sql);
      // After the first chunk, the claim on the last version is given back (as a lapsed lease would be).
      if (sql === 'COMMIT' && ++commits === 1) {
        database
          .prepare('UPDATE anchor_outbox SET batch_id = NULL WHERE resource_type = ? AND id = ?')
          .run(last?.resourceType, last?.id);
      }
      return database;
    });
    await store.markBatchAnchored(claim.batchId, {
      root,
      txHash: `0x${'22'.repeat(32)}`,
      proofs: claim.entries.map((entry) => ({ ...entry, proof: [root] })),
    });
    expect(exec.mock.calls.filter(([sql]) => sql === 'COMMIT')).toHaveLength(3);
    exec.mockRestore();
    expect((await store.readCurrent('Patient', 'p0'))?.anchorStatus).toBe('anchored');
    expect((await store.readCurrent('Patient', last?.id ?? ''))?.anchorStatus).toBe('pending');
    expect(await store.pendingAnchorCount()).toBe(1);
    await store.close();
  });

  it('refuses, at the database level, to change a stored version’s content', async () => {
    const store = SqliteRecordStore.open({ path: ':memory:' });
    await store.createVersion(version);
    for (const column of ['ciphertext', 'content_hash', 'last_updated', 'deleted', 'iv', 'tag']) {
      expect(
        () => store.database.prepare(`UPDATE record_versions SET ${column} = ${column}`).run(),
        column,
      ).toThrow(/immutable/);
    }
    await store.close();
  });

  it('returns from createVersion exactly what a later read returns', async () => {
    const store = SqliteRecordStore.open({ path: join(dir, 'returned.db') });
    const tokens = [{ param: 'identifier', system: 'urn:mrn', value: '7' }];
    const created = [
      await store.createVersion({ ...version, tokens }),
      await store.createVersion({
        ...version,
        versionId: 2,
        deleted: true,
        lastUpdated: '2024-03-02T08:00:00.000Z',
      }),
    ];
    expect(created[0]).toEqual(await store.readVersion('Patient', 'p1', 1));
    expect(created[1]).toEqual(await store.readCurrent('Patient', 'p1'));
    await store.close();
  });

  it('group-commits concurrent writes: one COMMIT for many callers, each resolved after it', async () => {
    const store = SqliteRecordStore.open({ path: join(dir, 'group.db') });
    const exec = vi.spyOn(store.database, 'exec');
    const writes = Array.from({ length: 8 }, (_, i) => store.createVersion({ ...version, id: `p${i}` }));
    // A write that loses its version race fails alone; the others in its group commit.
    const conflict = store.createVersion({ ...version, id: 'p0' });
    await expect(conflict).rejects.toBeInstanceOf(VersionConflictError);
    expect((await Promise.all(writes)).map((v) => v.id)).toEqual([
      'p0',
      'p1',
      'p2',
      'p3',
      'p4',
      'p5',
      'p6',
      'p7',
    ]);
    expect(exec.mock.calls.filter(([sql]) => sql === 'COMMIT')).toHaveLength(1);
    exec.mockRestore();
    await store.close();
    const reopened = SqliteRecordStore.open({ path: join(dir, 'group.db') });
    expect(await reopened.pendingAnchorCount()).toBe(8);
    await reopened.close();
  });

  it('serves reads from committed data while a transaction is open', async () => {
    const store = SqliteRecordStore.open({ path: join(dir, 'isolation.db') });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pending = store.transaction(async (tx) => {
      await tx.createVersion(version);
      await gate;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.readCurrent('Patient', 'p1')).toBeUndefined();
    release();
    await pending;
    expect((await store.readCurrent('Patient', 'p1'))?.versionId).toBe(1);
    await store.close();
  });
});
