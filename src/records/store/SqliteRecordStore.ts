import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { migrate } from '../../ledger/indexer/migrate.ts';
import { openSqliteDatabase } from '../../ledger/indexer/openSqliteDatabase.ts';
import { AsyncLock } from './AsyncLock.ts';
import { anchorMarkChunks } from './anchorMarkChunks.ts';
import { checkNewVersion } from './checkNewVersion.ts';
import { AnchorBatchMismatchError, AnchorClaimLostError, VersionConflictError } from './errors.ts';
import type {
  AnchorBatchClaim,
  AnchoredBatch,
  NewRecordVersion,
  RecordSearch,
  RecordSearchPage,
  RecordStore,
  RecordVersion,
  RecordVersionRef,
} from './RecordStore.ts';
import { SqliteCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from './SqliteCheckpointer.ts';
import { SqliteCommitQueue } from './SqliteCommitQueue.ts';
import { cachedStatement } from './SqliteStatementCache.ts';
import { searchSql } from './searchSql.ts';
import { sqliteRecordMigrations } from './sqliteRecordMigrations.ts';
import { VERSION_SELECT, type VersionRow, versionFromRow } from './versionRow.ts';
import { fileFlush, type WalFile, WalSync } from './WalSync.ts';

/** How a commit reaches the disk before it is acknowledged (see `SqliteRecordStore.open`). */
export type SqliteDurability = 'full' | 'wal-flush';

type Shared = {
  writer: Database.Database;
  reader: Database.Database;
  lock: AsyncLock;
  commits: SqliteCommitQueue;
  /** Resolves once every commit so far is on disk (the WAL's fsync, off the event loop). */
  durable: () => Promise<void>;
  closeWal: () => void;
  checkpointer: SqliteCheckpointer | undefined;
  now: () => number;
};
type OutboxRow = { resource_type: string; id: string; version_id: number; content_hash: string };

/** Marks the versions of `proofs` that `batchId` still holds in the outbox, and takes them out of it. */
function markChunk(db: Database.Database, batchId: string, proofs: AnchoredBatch['proofs']): void {
  const release = cachedStatement(
    db,
    'DELETE FROM anchor_outbox WHERE resource_type = ? AND id = ? AND version_id = ? AND batch_id = ?',
  );
  const mark = cachedStatement(
    db,
    `UPDATE record_versions SET anchor_status = 'anchored', anchor_batch_id = ?, anchor_proof = ?
     WHERE resource_type = ? AND id = ? AND version_id = ?`,
  );
  for (const p of proofs) {
    if (release.run(p.resourceType, p.id, p.versionId, batchId).changes === 1)
      mark.run(batchId, JSON.stringify(p.proof), p.resourceType, p.id, p.versionId);
  }
}

const key = (ref: { resource_type: string; id: string; version_id: number }) =>
  `${ref.resource_type}/${ref.id}/${ref.version_id}`;

/**
 * The embedded `RecordStore` on SQLite (better-sqlite3, WAL): a committed version survives power loss. The writer
 * runs with `synchronous = NORMAL` and every write is acknowledged only after `WalSync` flushed the WAL behind its
 * COMMIT (the durability of `FULL`, without an fsync blocking the event loop). One writer connection serialised by
 * an `AsyncLock` (a `transaction` holds it across its awaits) and one read connection, so reads see only committed
 * data and never wait for a writer. Single writes outside a `transaction` are group-committed (`SqliteCommitQueue`):
 * concurrent requests share one COMMIT and its fsync, and each resolves only after that COMMIT.
 */
export class SqliteRecordStore implements RecordStore {
  #shared: Shared;
  #bound = false;

  private constructor(shared: Shared) {
    this.#shared = shared;
  }

  /**
   * Opens (creating and migrating) the vault database at `path`; `':memory:'` gives a private in-memory one.
   * `durability`: `full` (default) is `synchronous = FULL`, COMMIT fsyncs the WAL on the event loop; `wal-flush`
   * runs `synchronous = NORMAL` and fsyncs the WAL in the thread pool after each COMMIT, acknowledging nothing before
   * that flush: the same guarantee for every acknowledged write, with the event loop free during fsyncs (measured in
   * `npm run bench -- --only=fhir`). `walFlush` replaces that fsync (tests that watch when writes become durable).
   */
  static open(options: {
    path: string;
    now?: () => number;
    durability?: SqliteDurability;
    walFlush?: (walPath: string) => WalFile;
  }): SqliteRecordStore {
    const writer = openSqliteDatabase(options.path);
    migrate(writer, sqliteRecordMigrations);
    const memory = options.path === ':memory:';
    const reader = memory ? writer : openSqliteDatabase(options.path);
    if (reader !== writer) reader.pragma('query_only = ON');
    const flushAfterCommit = !memory && (options.durability ?? 'full') === 'wal-flush';
    const wal = flushAfterCommit ? (options.walFlush ?? fileFlush)(`${options.path}-wal`) : undefined;
    const sync = wal && new WalSync(wal.flush);
    // Every write below awaits `durable` after its COMMIT, so the connection need not fsync inside it.
    if (sync) writer.pragma('synchronous = NORMAL');
    const durable = sync ? () => sync.sync() : () => Promise.resolve();
    // Checkpoints (two fsyncs each) run in a worker; the writer's own only if that one falls far behind.
    const checkpointer = memory ? undefined : new SqliteCheckpointer({ path: options.path });
    if (checkpointer) writer.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
    const lock = new AsyncLock();
    const commits = new SqliteCommitQueue(writer, lock, sync && durable);
    return new SqliteRecordStore({
      writer,
      reader,
      lock,
      commits,
      durable,
      closeWal: () => wal?.close(),
      checkpointer,
      now: options.now ?? Date.now,
    });
  }

  /**
   * Releases every anchoring claim: called by the node when it opens its vault, as the only process that may use
   * it, so a batch claimed by a process killed mid-anchoring is retried at once instead of after its lease. If that
   * batch did reach the chain, its versions are anchored again: harmless, each is proven against the batch it records.
   */
  releaseAllAnchorClaims(): number {
    return this.#shared.writer
      .prepare('UPDATE anchor_outbox SET batch_id = NULL, lease_until = NULL WHERE batch_id IS NOT NULL')
      .run().changes;
  }

  /** The underlying writer connection, for the node's other SQLite tables and for tamper tests. */
  get database(): Database.Database {
    return this.#shared.writer;
  }

  /**
   * The writer's group commit, for the node's other tables in this file (the shared access log): their writes join
   * the vault's commits instead of paying an fsync of their own.
   */
  get commits(): SqliteCommitQueue {
    return this.#shared.commits;
  }

  #boundView(): SqliteRecordStore {
    const view = new SqliteRecordStore(this.#shared);
    view.#bound = true;
    return view;
  }

  /** Runs a synchronous write atomically: a savepoint inside `transaction`, else in the next group commit. */
  #write<T>(work: (db: Database.Database) => T): Promise<T> {
    const { writer, commits } = this.#shared;
    if (!this.#bound) return commits.run(work);
    return Promise.resolve().then(() => writer.transaction(() => work(writer))());
  }

  /** Reads committed data on the read connection, or the transaction's own view when bound. */
  #read<T>(work: (db: Database.Database) => T): Promise<T> {
    const { writer, reader, lock } = this.#shared;
    if (this.#bound) return Promise.resolve().then(() => work(writer));
    if (reader === writer) return lock.run(() => work(writer));
    return Promise.resolve().then(() => work(reader));
  }

  createVersion(version: NewRecordVersion): Promise<RecordVersion> {
    return this.#write((db) => {
      const lastUpdated = checkNewVersion(version);
      const head = cachedStatement<[string, string], { version_id: number }>(
        db,
        'SELECT version_id FROM record_heads WHERE resource_type = ? AND id = ?',
      ).get(version.resourceType, version.id);
      const current = head?.version_id ?? 0;
      if (version.versionId !== current + 1) throw new VersionConflictError(version, current);
      const { resourceType, id, versionId, sealed } = version;
      const deleted = version.deleted ? 1 : 0;
      const stored = {
        ciphertext: Buffer.from(sealed.ciphertext),
        iv: Buffer.from(sealed.iv),
        tag: Buffer.from(sealed.tag),
        wrappedKey: Buffer.from(sealed.wrappedKey),
      };
      cachedStatement(
        db,
        `INSERT INTO record_versions (resource_type, id, version_id, last_updated, content_hash, deleted,
           ciphertext, iv, tag, wrapped_key, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        resourceType,
        id,
        versionId,
        lastUpdated,
        version.contentHash,
        deleted,
        stored.ciphertext,
        stored.iv,
        stored.tag,
        stored.wrappedKey,
        sealed.keyId,
      );
      cachedStatement(
        db,
        `INSERT INTO record_heads (resource_type, id, version_id, last_updated, deleted) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (resource_type, id) DO UPDATE SET version_id = excluded.version_id,
           last_updated = excluded.last_updated, deleted = excluded.deleted`,
      ).run(resourceType, id, versionId, lastUpdated, deleted);
      if (current > 0) {
        // A new resource has no index entries to replace.
        cachedStatement(db, 'DELETE FROM search_tokens WHERE resource_type = ? AND id = ?').run(
          resourceType,
          id,
        );
        cachedStatement(db, 'DELETE FROM search_dates WHERE resource_type = ? AND id = ?').run(
          resourceType,
          id,
        );
      }
      const token = cachedStatement(
        db,
        'INSERT INTO search_tokens (resource_type, id, param, system, value) VALUES (?, ?, ?, ?, ?)',
      );
      for (const t of version.tokens ?? []) token.run(resourceType, id, t.param, t.system, t.value);
      const date = cachedStatement(
        db,
        'INSERT INTO search_dates (resource_type, id, param, range_start, range_end) VALUES (?, ?, ?, ?, ?)',
      );
      for (const d of version.dates ?? []) date.run(resourceType, id, d.param, d.start, d.end);
      cachedStatement(
        db,
        'INSERT INTO anchor_outbox (resource_type, id, version_id, content_hash) VALUES (?, ?, ?, ?)',
      ).run(resourceType, id, versionId, version.contentHash);
      // The row just written, not selected back (a join per write on the hot path): a new version is unanchored.
      return versionFromRow({
        resource_type: resourceType,
        id,
        version_id: versionId,
        last_updated: lastUpdated,
        content_hash: version.contentHash,
        deleted,
        ciphertext: stored.ciphertext,
        iv: stored.iv,
        tag: stored.tag,
        wrapped_key: stored.wrappedKey,
        key_id: sealed.keyId,
        anchor_status: 'pending',
        anchor_batch_id: null,
        anchor_proof: null,
        anchor_root: null,
        anchor_tx_hash: null,
        anchor_anchored_at: null,
      });
    });
  }

  readCurrent(resourceType: string, id: string): Promise<RecordVersion | undefined> {
    return this.#read((db) => {
      const row = cachedStatement<[string, string], VersionRow>(
        db,
        `${VERSION_SELECT} JOIN record_heads h
             ON h.resource_type = v.resource_type AND h.id = v.id AND h.version_id = v.version_id
           WHERE h.resource_type = ? AND h.id = ?`,
      ).get(resourceType, id);
      return row && versionFromRow(row);
    });
  }

  readVersion(resourceType: string, id: string, versionId: number): Promise<RecordVersion | undefined> {
    return this.#read((db) => {
      const row = cachedStatement<[string, string, number], VersionRow>(
        db,
        `${VERSION_SELECT} WHERE v.resource_type = ? AND v.id = ? AND v.version_id = ?`,
      ).get(resourceType, id, versionId);
      return row && versionFromRow(row);
    });
  }

  history(resourceType: string, id: string): Promise<RecordVersion[]> {
    return this.#read((db) =>
      cachedStatement<[string, string], VersionRow>(
        db,
        `${VERSION_SELECT} WHERE v.resource_type = ? AND v.id = ? ORDER BY v.version_id DESC`,
      )
        .all(resourceType, id)
        .map(versionFromRow),
    );
  }

  search(query: RecordSearch): Promise<RecordSearchPage> {
    const { page, total } = searchSql(query, 'h.deleted = 0');
    return this.#read((db) => {
      // One read transaction, so the page and the total come from the same snapshot.
      return db.transaction(() => ({
        versions: db
          .prepare<unknown[], VersionRow>(page.text)
          .all(...page.params)
          .map(versionFromRow),
        total: db.prepare<unknown[], { total: number }>(total.text).get(...total.params)?.total ?? 0,
      }))();
    });
  }

  allVersions(options: { after?: RecordVersionRef; limit: number }): Promise<RecordVersion[]> {
    const { resourceType = '', id = '', versionId = 0 } = options.after ?? {};
    return this.#read((db) =>
      cachedStatement<[string, string, number, number], VersionRow>(
        db,
        `${VERSION_SELECT} WHERE (v.resource_type, v.id, v.version_id) > (?, ?, ?)
         ORDER BY v.resource_type, v.id, v.version_id LIMIT ?`,
      )
        .all(resourceType, id, versionId, options.limit)
        .map(versionFromRow),
    );
  }

  async transaction<T>(work: (tx: RecordStore) => Promise<T>): Promise<T> {
    if (this.#bound) return work(this);
    const { writer, lock, durable } = this.#shared;
    const result = await lock.run(async () => {
      writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.#boundView());
        writer.exec('COMMIT');
        return result;
      } catch (error) {
        if (writer.inTransaction) writer.exec('ROLLBACK');
        throw error;
      }
    });
    await durable();
    return result;
  }

  claimAnchorBatch(options: { maxSize: number; leaseMs: number }): Promise<AnchorBatchClaim | null> {
    return this.#write((db) => {
      const now = this.#shared.now();
      const batchId = randomUUID();
      const leaseUntil = now + options.leaseMs;
      // One statement for the whole batch (not an UPDATE per row from JavaScript): the claim stays short.
      const rows = cachedStatement<[string, number, number, number], OutboxRow & { seq: number }>(
        db,
        `UPDATE anchor_outbox SET batch_id = ?, lease_until = ?
           WHERE seq IN (SELECT seq FROM anchor_outbox WHERE batch_id IS NULL OR lease_until <= ? ORDER BY seq LIMIT ?)
         RETURNING seq, resource_type, id, version_id, content_hash`,
      )
        .all(batchId, leaseUntil, now, options.maxSize)
        .sort((a, b) => a.seq - b.seq);
      if (rows.length === 0) return null;
      return {
        batchId,
        leaseExpiresAt: new Date(leaseUntil).toISOString(),
        entries: rows.map((row) => ({
          resourceType: row.resource_type,
          id: row.id,
          versionId: row.version_id,
          contentHash: row.content_hash as `0x${string}`,
        })),
      };
    });
  }

  async markBatchAnchored(batchId: string, anchored: AnchoredBatch): Promise<void> {
    const [first = [], ...rest] = anchorMarkChunks(anchored.proofs);
    await this.#write((db) => {
      const claimed = new Set(
        cachedStatement<[string], OutboxRow>(
          db,
          'SELECT resource_type, id, version_id FROM anchor_outbox WHERE batch_id = ?',
        )
          .all(batchId)
          .map(key),
      );
      const given = anchored.proofs.map((p) =>
        key({ resource_type: p.resourceType, id: p.id, version_id: p.versionId }),
      );
      if (claimed.size === 0 || given.some((k) => !claimed.has(k))) throw new AnchorClaimLostError(batchId);
      if (new Set(given).size !== claimed.size) {
        throw new AnchorBatchMismatchError(
          `Batch ${batchId} claimed ${claimed.size} versions, got ${given.length} proofs`,
        );
      }
      cachedStatement(
        db,
        'INSERT INTO anchor_batches (batch_id, root, tx_hash, size, anchored_at) VALUES (?, ?, ?, ?, ?)',
      ).run(batchId, anchored.root, anchored.txHash, claimed.size, this.#shared.now());
      markChunk(db, batchId, first);
    });
    // The rest one commit each (`anchorMarkChunks`): other requests' writes go in between.
    for (const chunk of rest) await this.#write((db) => markChunk(db, batchId, chunk));
  }

  releaseAnchorBatch(batchId: string): Promise<void> {
    return this.#write((db) => {
      cachedStatement(
        db,
        'UPDATE anchor_outbox SET batch_id = NULL, lease_until = NULL WHERE batch_id = ?',
      ).run(batchId);
    });
  }

  pendingAnchorCount(): Promise<number> {
    return this.#read(
      (db) => cachedStatement<[], { n: number }>(db, 'SELECT COUNT(*) AS n FROM anchor_outbox').get()?.n ?? 0,
    );
  }

  versionsToRewrap(activeKeyId: string, limit: number): Promise<RecordVersion[]> {
    return this.#read((db) =>
      cachedStatement<[string, number], VersionRow>(
        db,
        `${VERSION_SELECT} WHERE v.key_id <> ? ORDER BY v.resource_type, v.id, v.version_id LIMIT ?`,
      )
        .all(activeKeyId, limit)
        .map(versionFromRow),
    );
  }

  rewrapVersion(
    ref: RecordVersionRef,
    fromKeyId: string,
    wrapped: { wrappedKey: Uint8Array; keyId: string },
  ): Promise<boolean> {
    return this.#write(
      (db) =>
        cachedStatement(
          db,
          `UPDATE record_versions SET wrapped_key = ?, key_id = ?
           WHERE resource_type = ? AND id = ? AND version_id = ? AND key_id = ?`,
        ).run(
          Buffer.from(wrapped.wrappedKey),
          wrapped.keyId,
          ref.resourceType,
          ref.id,
          ref.versionId,
          fromKeyId,
        ).changes === 1,
    );
  }

  async close(): Promise<void> {
    if (this.#bound) return;
    // Writes already queued commit first (a no-op joins the last group and resolves after it).
    await this.#shared.commits.run(() => undefined).catch(() => undefined);
    await this.#shared.checkpointer?.stop();
    await this.#shared.lock.run(() => {
      if (this.#shared.reader !== this.#shared.writer) this.#shared.reader.close();
      this.#shared.writer.close();
      this.#shared.closeWal();
    });
  }
}
