import type Database from 'better-sqlite3';
import { BaseError } from '../../errors.ts';
import type { AsyncLock } from './AsyncLock.ts';

type Queued = {
  work: (db: Database.Database) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};
type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Resolves once everything committed on the connection so far is on disk (`WalSync.sync`). */
export type DurableBarrier = () => Promise<void>;

/** The shared transaction of a group commit did not commit, so none of the writes it carried are stored. */
export class GroupCommitFailedError extends BaseError {
  override name = 'GroupCommitFailedError';
}

/**
 * Group commit for one SQLite writer connection. With `synchronous = FULL` every COMMIT waits for an fsync of the
 * WAL, and one fsync per request caps a node at a few hundred writes a second. Writes queued in the same turn of
 * the event loop (and while the writer lock is held by someone else) run together in one `BEGIN IMMEDIATE …
 * COMMIT`, each in its own savepoint so a write that throws is rolled back alone. Every caller is resolved only
 * after that COMMIT returned, so a resolved write is as durable as with a transaction of its own; if the shared
 * transaction fails, every write in it is rejected. With a `durable` barrier (a connection on `synchronous =
 * NORMAL` whose WAL `WalSync` flushes off the event loop) callers resolve only after it too, and the next group
 * may commit while the flush runs.
 */
export class SqliteCommitQueue {
  readonly #db: Database.Database;
  readonly #lock: AsyncLock;
  readonly #inSavepoint: (work: (db: Database.Database) => unknown) => unknown;
  readonly #durable: DurableBarrier | undefined;
  #queued: Queued[] = [];
  #scheduled = false;

  /**
   * `lock` is the connection's writer lock: a batch waits for explicit transactions and they wait for it.
   * `durable`, when the connection does not fsync on COMMIT itself, is awaited after each COMMIT.
   */
  constructor(db: Database.Database, lock: AsyncLock, durable?: DurableBarrier) {
    this.#db = db;
    this.#lock = lock;
    this.#durable = durable;
    // Called inside the open transaction, better-sqlite3 runs this in a SAVEPOINT.
    this.#inSavepoint = db.transaction((work: (db: Database.Database) => unknown) => work(db));
  }

  /** Runs a synchronous write in the next group commit; resolves with its result once that commit is durable. */
  run<T>(work: (db: Database.Database) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queued.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // setImmediate, not a microtask: requests whose I/O completed in this poll phase join the same commit.
      setImmediate(() => {
        void this.#lock.run(() => this.#commit());
      });
    });
  }

  #commit(): void {
    this.#scheduled = false;
    const batch = this.#queued;
    this.#queued = [];
    const db = this.#db;
    const settled: Settled[] = [];
    try {
      db.exec('BEGIN IMMEDIATE');
      for (const item of batch) {
        try {
          settled.push({ ok: true, value: this.#inSavepoint(item.work) });
        } catch (error) {
          settled.push({ ok: false, error });
          // SQLite itself rolled the whole transaction back (disk full, I/O error): nothing of it survives.
          if (!db.inTransaction)
            throw new GroupCommitFailedError('SQLite aborted the shared transaction', { cause: error });
        }
      }
      db.exec('COMMIT');
    } catch (error) {
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } catch {
        // The connection is unusable; every caller is told below either way.
      }
      for (const item of batch) item.reject(error);
      return;
    }
    const settle = () =>
      batch.forEach((item, i) => {
        const outcome = settled[i] as Settled;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
    if (this.#durable === undefined) {
      settle();
      return;
    }
    // Outside the writer lock: the next group commits while this one's flush runs.
    this.#durable().then(settle, (error: unknown) => {
      for (const item of batch) item.reject(error);
    });
  }
}
