import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsyncLock } from './AsyncLock.ts';
import { GroupCommitFailedError, SqliteCommitQueue } from './SqliteCommitQueue.ts';

let db: Database.Database;

function setup(): {
  queue: SqliteCommitQueue;
  lock: AsyncLock;
  log: string[];
  exec: (sql: string) => Database.Database;
} {
  db = new Database(':memory:');
  db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
  const log: string[] = [];
  const exec = db.exec.bind(db);
  vi.spyOn(db, 'exec').mockImplementation((sql: string) => {
    log.push(sql);
    return exec(sql);
  });
  const lock = new AsyncLock();
  return { queue: new SqliteCommitQueue(db, lock), lock, log, exec };
}

const insert = (v: number) => (d: Database.Database) =>
  d.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
const stored = () => (db.prepare('SELECT v FROM t ORDER BY v').all() as { v: number }[]).map((r) => r.v);

afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

describe('SqliteCommitQueue', () => {
  it('commits writes queued together in one transaction and resolves each only after its COMMIT', async () => {
    const { queue, log } = setup();
    const results = [1, 2, 3, 4].map((v) =>
      queue.run(insert(v)).then((changes) => {
        log.push(`resolved ${v}`);
        return changes;
      }),
    );
    expect(await Promise.all(results)).toEqual([1, 1, 1, 1]);
    expect(log).toEqual([
      'BEGIN IMMEDIATE',
      'COMMIT',
      'resolved 1',
      'resolved 2',
      'resolved 3',
      'resolved 4',
    ]);
    expect(stored()).toEqual([1, 2, 3, 4]);
  });

  it('rolls back only the write that threw; the others in its group commit', async () => {
    const { queue } = setup();
    const ok = queue.run(insert(1));
    const failing = queue.run((d) => {
      insert(2)(d);
      throw new Error('refused after writing');
    });
    const duplicate = queue.run(insert(1));
    const after = queue.run(insert(3));
    await expect(failing).rejects.toThrow(/refused after writing/);
    await expect(duplicate).rejects.toThrow(/UNIQUE/);
    expect(await ok).toBe(1);
    expect(await after).toBe(1);
    expect(stored()).toEqual([1, 3]);
  });

  it('rejects every write of a group whose COMMIT fails, and stores none of them', async () => {
    const { queue, exec } = setup();
    vi.spyOn(db, 'exec').mockImplementation((sql: string) => {
      if (sql === 'COMMIT') throw new Error('disk I/O error');
      return exec(sql);
    });
    const writes = [queue.run(insert(1)), queue.run(insert(2))];
    for (const write of writes) await expect(write).rejects.toThrow(/disk I\/O error/);
    expect(db.inTransaction).toBe(false);
    expect(stored()).toEqual([]);
  });

  it('rejects the whole group when SQLite aborts the shared transaction', async () => {
    const { queue } = setup();
    const first = queue.run(insert(1));
    const aborting = queue.run((d) => d.exec('ROLLBACK'));
    await expect(first).rejects.toBeInstanceOf(GroupCommitFailedError);
    await expect(aborting).rejects.toBeInstanceOf(GroupCommitFailedError);
    expect(stored()).toEqual([]);
  });

  it('waits for the writer lock, and writes queued meanwhile join one group', async () => {
    const { queue, lock, log } = setup();
    let release: () => void = () => {};
    const held = lock.run(() => new Promise<void>((resolve) => (release = resolve)));
    const first = queue.run(insert(1));
    await new Promise((resolve) => setImmediate(resolve));
    const second = queue.run(insert(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored()).toEqual([]);
    release();
    await held;
    await Promise.all([first, second]);
    expect(log.filter((sql) => sql === 'COMMIT')).toHaveLength(1);
    expect(stored()).toEqual([1, 2]);
  });

  it('starts a new group for writes queued after a commit', async () => {
    const { queue, log } = setup();
    await queue.run(insert(1));
    await queue.run(insert(2));
    expect(log.filter((sql) => sql === 'COMMIT')).toHaveLength(2);
    expect(stored()).toEqual([1, 2]);
  });
});

describe('SqliteCommitQueue with a durable barrier', () => {
  it('resolves writes only after the barrier that follows their COMMIT, and lets the next group commit meanwhile', async () => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
    const barriers: (() => void)[] = [];
    const queue = new SqliteCommitQueue(
      db,
      new AsyncLock(),
      () => new Promise<void>((resolve) => barriers.push(resolve)),
    );
    let firstDone = false;
    const first = queue.run(insert(1)).then(() => (firstDone = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored()).toEqual([1]);
    expect(barriers).toHaveLength(1);
    expect(firstDone).toBe(false);
    // The writer is free while the first flush runs.
    const second = queue.run(insert(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored()).toEqual([1, 2]);
    barriers[0]?.();
    await first;
    barriers[1]?.();
    expect(await second).toBe(1);
  });

  it('rejects every write of a group whose barrier fails', async () => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
    const queue = new SqliteCommitQueue(db, new AsyncLock(), () => Promise.reject(new Error('fsync failed')));
    const writes = [queue.run(insert(1)), queue.run(insert(2))];
    for (const write of writes) await expect(write).rejects.toThrow(/fsync failed/);
  });
});
