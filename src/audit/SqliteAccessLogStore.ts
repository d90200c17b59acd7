import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Hex } from 'viem';
import { migrate } from '../ledger/indexer/migrate.ts';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import type { AnchorClaim } from '../records/anchoring/AnchorBatchSource.ts';
import { AsyncLock } from '../records/store/AsyncLock.ts';
import { anchorMarkChunks } from '../records/store/anchorMarkChunks.ts';
import { AnchorBatchMismatchError, AnchorClaimLostError } from '../records/store/errors.ts';
import { SqliteCommitQueue } from '../records/store/SqliteCommitQueue.ts';
import type { SqliteRecordStore } from '../records/store/SqliteRecordStore.ts';
import { cachedStatement } from '../records/store/SqliteStatementCache.ts';
import type {
  AccessEventPage,
  AccessLogStore,
  AccessOutboxEntry,
  AnchoredAccessBatch,
  NewAccessEvent,
  StoredAccessEvent,
} from './AccessLogStore.ts';
import { type AccessEventRow, accessEventFromRow, accessEventSelect } from './accessEventRow.ts';
import { InvalidAccessEventError } from './auditErrors.ts';
import { checkNewAccessEvent } from './checkNewAccessEvent.ts';
import { sqliteAccessLogMigrations } from './sqliteAccessLogMigrations.ts';

/** Runs synchronous work on the writer connection; resolves once its (group) commit is durable. */
type Exclusive = <T>(work: (db: Database.Database) => T) => Promise<T>;
type Connections = { writer: Database.Database; reader: Database.Database | undefined; exclusive: Exclusive };

const SELECT = accessEventSelect("group_concat(patient, ' ')");

/**
 * The embedded `AccessLogStore` on SQLite (WAL): `append` resolves once its COMMIT is durable (`synchronous = FULL`
 * in its own file, the vault's `WalSync` when sharing the vault's), so an acknowledged access survives power loss.
 * Either its own database (`open`), or the record vault's (`sharing`): then every write runs inside the vault's own
 * transaction lock (`SqliteRecordStore.transaction`), because a second writer connection on that file would block
 * the event loop in `busy_timeout` while a vault transaction is open. Reads use a separate read-only connection and
 * never wait for the writer.
 */
export class SqliteAccessLogStore implements AccessLogStore {
  readonly #c: Connections;
  readonly #now: () => number;
  readonly #ownsWriter: boolean;

  private constructor(c: Connections, now: () => number, ownsWriter: boolean) {
    this.#c = c;
    this.#now = now;
    this.#ownsWriter = ownsWriter;
  }

  /** Opens (creating and migrating) an access log database of its own at `path` (`':memory:'` for tests). */
  static open(options: { path: string; now?: () => number }): SqliteAccessLogStore {
    const writer = openSqliteDatabase(options.path);
    migrate(writer, sqliteAccessLogMigrations);
    const commits = new SqliteCommitQueue(writer, new AsyncLock());
    const exclusive: Exclusive = (work) => commits.run(work);
    const reader = SqliteAccessLogStore.#reader(writer);
    return new SqliteAccessLogStore({ writer, reader, exclusive }, options.now ?? Date.now, true);
  }

  /**
   * The access log in the record vault's own database file, written under the vault's transaction lock. Never
   * append from inside a vault transaction (it would wait for itself): `RecordService` holds its audit events
   * until its transaction is over.
   */
  static async sharing(
    vault: SqliteRecordStore,
    options: { now?: () => number } = {},
  ): Promise<SqliteAccessLogStore> {
    const writer = vault.database;
    const exclusive: Exclusive = (work) => vault.commits.run(work);
    await exclusive((db) => migrate(db, sqliteAccessLogMigrations));
    const reader = SqliteAccessLogStore.#reader(writer);
    return new SqliteAccessLogStore({ writer, reader, exclusive }, options.now ?? Date.now, false);
  }

  static #reader(writer: Database.Database): Database.Database | undefined {
    if (writer.memory) return undefined;
    const reader = openSqliteDatabase(writer.name);
    reader.pragma('query_only = ON');
    return reader;
  }

  /** Releases every anchoring claim when the node opens its log, as `SqliteRecordStore.releaseAllAnchorClaims`. */
  releaseAllAnchorClaims(): Promise<number> {
    return this.#c.exclusive(
      (db) =>
        db
          .prepare('UPDATE access_outbox SET batch_id = NULL, lease_until = NULL WHERE batch_id IS NOT NULL')
          .run().changes,
    );
  }

  /** The writer connection, for tamper tests. */
  get database(): Database.Database {
    return this.#c.writer;
  }

  #read<T>(work: (db: Database.Database) => T): Promise<T> {
    const { reader, exclusive } = this.#c;
    return reader ? Promise.resolve().then(() => work(reader)) : exclusive(work);
  }

  async append(event: NewAccessEvent): Promise<StoredAccessEvent> {
    const recorded = checkNewAccessEvent(event);
    return this.#c.exclusive((db) => {
      const exists = cachedStatement(db, 'SELECT 1 FROM access_events WHERE event_id = ?').get(event.eventId);
      if (exists) throw new InvalidAccessEventError(`Access event ${event.eventId} is already recorded`);
      const { lastInsertRowid } = cachedStatement(
        db,
        'INSERT INTO access_events (event_id, recorded, event_hash, event_json) VALUES (?, ?, ?, ?)',
      ).run(event.eventId, recorded, event.eventHash, event.eventJson);
      const seq = Number(lastInsertRowid);
      const patient = cachedStatement(
        db,
        'INSERT INTO access_event_patients (patient, recorded, seq) VALUES (?, ?, ?)',
      );
      const patients = [...new Set(event.patients)];
      for (const p of patients) patient.run(p, recorded, seq);
      cachedStatement(db, 'INSERT INTO access_outbox (seq) VALUES (?)').run(seq);
      // What was just inserted, not selected back (a query per event on the hot path): nothing is anchored yet.
      return accessEventFromRow({
        seq,
        event_id: event.eventId,
        recorded,
        event_hash: event.eventHash,
        event_json: event.eventJson,
        anchor_status: 'pending',
        anchor_batch_id: null,
        anchor_proof: null,
        root: null,
        tx_hash: null,
        anchored_at: null,
        patients: patients.join(' ') || null,
      });
    });
  }

  read(eventId: string): Promise<StoredAccessEvent | undefined> {
    return this.#read((db) => {
      const row = cachedStatement<[string], AccessEventRow>(db, `${SELECT} WHERE e.event_id = ?`).get(
        eventId,
      );
      return row && accessEventFromRow(row);
    });
  }

  byPatient(patient: string, page: { count: number; offset?: number }): Promise<AccessEventPage> {
    return this.#read((db) =>
      // One read transaction: the page and the total come from the same snapshot.
      db.transaction(() => ({
        events: cachedStatement<[string, number, number], AccessEventRow>(
          db,
          `${SELECT} JOIN access_event_patients ap ON ap.seq = e.seq WHERE ap.patient = ?
             ORDER BY ap.recorded DESC, ap.seq DESC LIMIT ? OFFSET ?`,
        )
          .all(patient, page.count, page.offset ?? 0)
          .map(accessEventFromRow),
        total:
          cachedStatement<[string], { n: number }>(
            db,
            'SELECT COUNT(*) AS n FROM access_event_patients WHERE patient = ?',
          ).get(patient)?.n ?? 0,
      }))(),
    );
  }

  all(options: { afterSeq?: number; limit: number }): Promise<StoredAccessEvent[]> {
    return this.#read((db) =>
      cachedStatement<[number, number], AccessEventRow>(
        db,
        `${SELECT} WHERE e.seq > ? ORDER BY e.seq LIMIT ?`,
      )
        .all(options.afterSeq ?? 0, options.limit)
        .map(accessEventFromRow),
    );
  }

  claimAnchorBatch(options: {
    maxSize: number;
    leaseMs: number;
  }): Promise<AnchorClaim<AccessOutboxEntry> | null> {
    return this.#c.exclusive((db) => {
      const now = this.#now();
      const batchId = randomUUID();
      const leaseUntil = now + options.leaseMs;
      // One statement claims the whole batch (not an UPDATE per row from JavaScript), one reads it back.
      const claimed = cachedStatement(
        db,
        `UPDATE access_outbox SET batch_id = ?, lease_until = ?
           WHERE seq IN (SELECT seq FROM access_outbox WHERE batch_id IS NULL OR lease_until <= ? ORDER BY seq LIMIT ?)`,
      ).run(batchId, leaseUntil, now, options.maxSize).changes;
      if (claimed === 0) return null;
      const rows = cachedStatement<[string], { event_id: string; event_hash: string; recorded: number }>(
        db,
        `SELECT e.event_id, e.event_hash, e.recorded FROM access_outbox o JOIN access_events e ON e.seq = o.seq
           WHERE o.batch_id = ? ORDER BY o.seq`,
      ).all(batchId);
      return {
        batchId,
        leaseExpiresAt: new Date(leaseUntil).toISOString(),
        entries: rows.map((row) => ({
          eventId: row.event_id,
          eventHash: row.event_hash as Hex,
          recorded: new Date(row.recorded).toISOString(),
        })),
      };
    });
  }

  async markBatchAnchored(batchId: string, anchored: AnchoredAccessBatch): Promise<void> {
    const [first = [], ...rest] = anchorMarkChunks(anchored.proofs);
    const seqOf = await this.#c.exclusive((db) => {
      const claimed = new Map(
        cachedStatement<[string], { seq: number; event_id: string }>(
          db,
          `SELECT o.seq, e.event_id FROM access_outbox o JOIN access_events e ON e.seq = o.seq
             WHERE o.batch_id = ?`,
        )
          .all(batchId)
          .map((row) => [row.event_id, row.seq]),
      );
      const given = anchored.proofs.map((p) => p.eventId);
      if (claimed.size === 0 || given.some((id) => !claimed.has(id))) throw new AnchorClaimLostError(batchId);
      if (new Set(given).size !== claimed.size) {
        throw new AnchorBatchMismatchError(
          `Batch ${batchId} claimed ${claimed.size} access events, got ${given.length} proofs`,
        );
      }
      cachedStatement(
        db,
        'INSERT INTO access_batches (batch_id, root, tx_hash, size, anchored_at) VALUES (?, ?, ?, ?, ?)',
      ).run(batchId, anchored.root, anchored.txHash, claimed.size, this.#now());
      this.#markChunk(db, batchId, first, claimed);
      return claimed;
    });
    // The rest one commit each (`anchorMarkChunks`): other requests' writes go in between.
    for (const chunk of rest) await this.#c.exclusive((db) => this.#markChunk(db, batchId, chunk, seqOf));
  }

  /** Marks the events of `proofs` that this batch still holds in the outbox, and takes them out of it. */
  #markChunk(
    db: Database.Database,
    batchId: string,
    proofs: AnchoredAccessBatch['proofs'],
    seqOf: ReadonlyMap<string, number>,
  ): void {
    const release = cachedStatement(db, 'DELETE FROM access_outbox WHERE seq = ? AND batch_id = ?');
    const mark = cachedStatement(
      db,
      `UPDATE access_events SET anchor_status = 'anchored', anchor_batch_id = ?, anchor_proof = ? WHERE seq = ?`,
    );
    for (const p of proofs) {
      const seq = seqOf.get(p.eventId);
      if (release.run(seq, batchId).changes === 1) mark.run(batchId, JSON.stringify(p.proof), seq);
    }
  }

  async releaseAnchorBatch(batchId: string): Promise<void> {
    await this.#c.exclusive((db) =>
      cachedStatement(
        db,
        'UPDATE access_outbox SET batch_id = NULL, lease_until = NULL WHERE batch_id = ?',
      ).run(batchId),
    );
  }

  pendingAnchorCount(): Promise<number> {
    return this.#read(
      (db) => cachedStatement<[], { n: number }>(db, 'SELECT COUNT(*) AS n FROM access_outbox').get()?.n ?? 0,
    );
  }

  async close(): Promise<void> {
    this.#c.reader?.close();
    if (this.#ownsWriter) await this.#c.exclusive(() => undefined).then(() => this.#c.writer.close());
  }
}
