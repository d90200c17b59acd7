import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

  it('opens with WAL and synchronous=FULL and keeps versions and the outbox across a reopen', async () => {
    const path = join(dir, 'reopen.db');
    const first = SqliteRecordStore.open({ path });
    expect(first.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.database.pragma('synchronous', { simple: true })).toBe(2);
    await first.createVersion(version);
    await first.close();
    const second = SqliteRecordStore.open({ path });
    expect((await second.readCurrent('Patient', 'p1'))?.contentHash).toBe(version.contentHash);
    expect(await second.pendingAnchorCount()).toBe(1);
    await second.close();
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
