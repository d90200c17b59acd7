import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../ledger/indexer/openSqliteDatabase.ts';
import { eventually } from '../../testing/eventually.ts';
import { SqliteCheckpointer } from './SqliteCheckpointer.ts';

const dir = mkdtempSync(join(tmpdir(), 'caduceus-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteCheckpointer', () => {
  it('copies the WAL of a database whose writer never checkpoints into its file, from a worker thread', async () => {
    const path = join(dir, 'vault.db');
    const writer = openSqliteDatabase(path);
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE t (v BLOB)');
    const insert = writer.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run(Buffer.alloc(4096, i));
    const before = statSync(path).size;
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(200 * 4096);

    const checkpointer = new SqliteCheckpointer({ path, intervalMs: 10 });
    await eventually(
      async () => statSync(path).size > before + 200 * 4096,
      'the worker to checkpoint the WAL into the database file',
    );
    await checkpointer.stop();
    // The writer goes on, and a restarted WAL keeps every row.
    insert.run(Buffer.alloc(10));
    expect(writer.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 201 });
    writer.close();
  });

  it('stops cleanly when nothing was ever written', async () => {
    const path = join(dir, 'empty.db');
    const writer = openSqliteDatabase(path);
    const checkpointer = new SqliteCheckpointer({ path });
    await checkpointer.stop();
    writer.close();
  });
});
