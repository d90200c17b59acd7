import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SqliteRecordStore } from '../records/store/SqliteRecordStore.ts';
import { accessEvent, accessLogStoreContract } from './accessLogStoreContract.ts';
import { SqliteAccessLogStore } from './SqliteAccessLogStore.ts';

const dir = mkdtempSync(join(tmpdir(), 'caduceus-access-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describe('SqliteAccessLogStore (own file, WAL)', () => {
  accessLogStoreContract(async ({ now }) =>
    SqliteAccessLogStore.open({ path: join(dir, `audit-${++n}.db`), now }),
  );
});

describe('SqliteAccessLogStore (:memory:)', () => {
  accessLogStoreContract(async ({ now }) => SqliteAccessLogStore.open({ path: ':memory:', now }));
});

describe('SqliteAccessLogStore (sharing the record vault’s file)', () => {
  const vaults: SqliteRecordStore[] = [];
  afterAll(async () => {
    for (const vault of vaults) await vault.close();
  });
  accessLogStoreContract(async ({ now }) => {
    const vault = SqliteRecordStore.open({ path: join(dir, `vault-${++n}.db`), now });
    vaults.push(vault);
    return SqliteAccessLogStore.sharing(vault, { now });
  });
});

describe('SqliteAccessLogStore specifics', () => {
  it('keeps events across a reopen, with WAL and synchronous=FULL', async () => {
    const path = join(dir, 'reopen.db');
    const first = SqliteAccessLogStore.open({ path });
    expect(first.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.database.pragma('synchronous', { simple: true })).toBe(2);
    await first.append(accessEvent(1, ['Patient/p1']));
    await first.close();
    const second = SqliteAccessLogStore.open({ path });
    expect((await second.byPatient('Patient/p1', { count: 5 })).total).toBe(1);
    expect(await second.pendingAnchorCount()).toBe(1);
    await second.close();
  });

  it('refuses, at the database level, to change or delete a stored event', async () => {
    const store = SqliteAccessLogStore.open({ path: ':memory:' });
    await store.append(accessEvent(1));
    for (const column of ['event_json', 'event_hash', 'recorded', 'event_id']) {
      expect(
        () => store.database.prepare(`UPDATE access_events SET ${column} = ${column}`).run(),
        column,
      ).toThrow(/immutable/);
    }
    expect(() => store.database.prepare('DELETE FROM access_events').run()).toThrow(/append-only/);
    await store.close();
  });

  it('returns from append exactly what a later read returns, patients deduplicated and sorted', async () => {
    const store = SqliteAccessLogStore.open({ path: join(dir, 'returned.db') });
    const appended = await store.append(accessEvent(1, ['Patient/p2', 'Patient/p1', 'Patient/p2']));
    expect(appended.patients).toEqual(['Patient/p1', 'Patient/p2']);
    expect(appended).toEqual(await store.read('e1'));
    await store.close();
  });

  it('finds an event’s patients through an index, not a scan of every event’s patients', async () => {
    const store = SqliteAccessLogStore.open({ path: ':memory:' });
    const plan = store.database
      .prepare('EXPLAIN QUERY PLAN SELECT patient FROM access_event_patients WHERE seq = ?')
      .all(1) as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toMatch(
      /USING (COVERING )?INDEX access_event_patients_by_seq/,
    );
    await store.close();
  });

  it('joins the vault’s group commit: a version and events written together cost one COMMIT', async () => {
    const vault = SqliteRecordStore.open({ path: join(dir, 'group.db') });
    const log = await SqliteAccessLogStore.sharing(vault);
    const exec = vi.spyOn(vault.database, 'exec');
    await Promise.all([
      log.append(accessEvent(1, ['Patient/p1'])),
      vault.createVersion({
        resourceType: 'Patient',
        id: 'p1',
        versionId: 1,
        lastUpdated: '2024-03-01T08:00:00.000Z',
        contentHash: `0x${'ab'.repeat(32)}`,
        sealed: {
          ciphertext: Buffer.from('c'),
          iv: Buffer.alloc(12),
          tag: Buffer.alloc(16),
          wrappedKey: Buffer.alloc(40),
          keyId: 'k',
        },
        deleted: false,
      }),
      log.append(accessEvent(2, ['Patient/p1'])),
    ]);
    expect(exec.mock.calls.filter(([sql]) => sql === 'COMMIT')).toHaveLength(1);
    exec.mockRestore();
    expect((await log.byPatient('Patient/p1', { count: 5 })).total).toBe(2);
    await log.close();
    await vault.close();
  });

  it('marks a large anchored batch a chunk per commit, and every event of it ends up anchored', async () => {
    const log = SqliteAccessLogStore.open({ path: join(dir, 'chunks.db') });
    await Promise.all(Array.from({ length: 250 }, (_, i) => log.append(accessEvent(i + 1, ['Patient/p1']))));
    const claim = await log.claimAnchorBatch({ maxSize: 1000, leaseMs: 60_000 });
    if (!claim) throw new Error('expected a claim');
    const exec = vi.spyOn(log.database, 'exec');
    const root = `0x${'11'.repeat(32)}` as const;
    await log.markBatchAnchored(claim.batchId, {
      root,
      txHash: `0x${'22'.repeat(32)}`,
      proofs: claim.entries.map((entry) => ({ eventId: entry.eventId, proof: [root] })),
    });
    // 250 events at 100 per commit: no single transaction holds the writer for the whole batch.
    expect(exec.mock.calls.filter(([sql]) => sql === 'COMMIT')).toHaveLength(3);
    exec.mockRestore();
    expect(await log.pendingAnchorCount()).toBe(0);
    const events = await log.all({ limit: 1000 });
    expect(events.filter((event) => event.anchor?.batchId === claim.batchId)).toHaveLength(250);
    await log.close();
  });

  it('shares the vault file: an append waits for an open vault transaction and commits after it', async () => {
    const vault = SqliteRecordStore.open({ path: join(dir, 'shared.db') });
    const log = await SqliteAccessLogStore.sharing(vault);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const vaultTx = vault.transaction(async () => {
      await gate;
      throw new Error('vault transaction rolls back');
    });
    const append = log.append(accessEvent(1, ['Patient/p1']));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await expect(vaultTx).rejects.toThrow(/rolls back/);
    // Not swept into the rolled-back transaction: it ran after it, in its own.
    await append;
    expect((await log.read('e1'))?.eventId).toBe('e1');
    await log.close();
    await vault.close();
  });
});
