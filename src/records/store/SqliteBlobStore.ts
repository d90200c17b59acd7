import type Database from 'better-sqlite3';
import { migrate } from '../../ledger/indexer/migrate.ts';
import { openSqliteDatabase } from '../../ledger/indexer/openSqliteDatabase.ts';
import type { BlobRef, BlobStart, BlobStore, BlobSummary, StoredBlob } from './BlobStore.ts';
import {
  BLOB_COLUMNS,
  type BlobRow,
  blobFromRow,
  blobHeaderFromRow,
  blobName,
  blobStartRow,
} from './blobRow.ts';
import { BlobExistsError, BlobNotFoundError } from './errors.ts';
import type { SqliteRecordStore } from './SqliteRecordStore.ts';
import { sqliteBlobMigrations } from './sqliteBlobMigrations.ts';

const WHERE_REF = 'resource_type = ? AND id = ? AND version_id = ?';
const params = (ref: BlobRef) => [ref.resourceType, ref.id, ref.versionId] as const;

/**
 * The `BlobStore` in the vault's own SQLite file. Every write runs under the vault's transaction lock (a second
 * writer connection would stall the event loop in `busy_timeout`), one short transaction per ~1 MiB chunk, so a
 * slow upload never holds the writer. Reads use their own read-only connection.
 */
export class SqliteBlobStore implements BlobStore {
  readonly #vault: SqliteRecordStore;
  readonly #reader: Database.Database;
  readonly #now: () => number;

  private constructor(vault: SqliteRecordStore, reader: Database.Database, now: () => number) {
    this.#vault = vault;
    this.#reader = reader;
    this.#now = now;
  }

  /** Adds the attachment tables to `vault`'s database (migrating) and shares its writer. */
  static async sharing(
    vault: SqliteRecordStore,
    options: { now?: () => number } = {},
  ): Promise<SqliteBlobStore> {
    const writer = vault.database;
    await vault.transaction(async () => migrate(writer, sqliteBlobMigrations));
    const reader = writer.memory ? writer : openSqliteDatabase(writer.name);
    if (reader !== writer) reader.pragma('query_only = ON');
    return new SqliteBlobStore(vault, reader, options.now ?? Date.now);
  }

  #write<T>(work: (db: Database.Database) => T): Promise<T> {
    return this.#vault.transaction(async () => work(this.#vault.database));
  }

  beginBlob(ref: BlobRef, start: BlobStart): Promise<void> {
    return this.#write((db) => {
      const row = blobStartRow(ref, start, this.#now());
      const inserted = db
        .prepare(
          `INSERT INTO blobs (${row.columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(...row.values);
      if (inserted.changes !== 1) throw new BlobExistsError(ref);
    });
  }

  appendChunk(ref: BlobRef, index: number, bytes: Uint8Array): Promise<void> {
    return this.#write((db) => {
      const blob = db
        .prepare<unknown[], { state: string; n: number }>(
          `SELECT state, (SELECT COUNT(*) FROM blob_chunks c WHERE c.resource_type = b.resource_type
             AND c.id = b.id AND c.version_id = b.version_id) AS n FROM blobs b WHERE ${WHERE_REF}`,
        )
        .get(...params(ref));
      if (blob?.state !== 'writing') throw new BlobNotFoundError(`No unfinished attachment ${blobName(ref)}`);
      if (blob.n !== index) throw new BlobNotFoundError(`Chunk ${index} of ${blobName(ref)} is out of order`);
      db.prepare(
        'INSERT INTO blob_chunks (resource_type, id, version_id, chunk_index, bytes) VALUES (?, ?, ?, ?, ?)',
      ).run(...params(ref), index, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
  }

  completeBlob(ref: BlobRef, summary: BlobSummary): Promise<StoredBlob> {
    return this.#write((db) => {
      const chunks = db
        .prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM blob_chunks WHERE ${WHERE_REF}`)
        .get(...params(ref));
      const done =
        chunks?.n === summary.chunkCount &&
        db
          .prepare(
            `UPDATE blobs SET state = 'complete', size = ?, sealed_size = ?, content_hash = ?, chunk_count = ?
             WHERE ${WHERE_REF} AND state = 'writing'`,
          )
          .run(summary.size, summary.sealedSize, summary.contentHash, summary.chunkCount, ...params(ref))
          .changes === 1;
      if (!done)
        throw new BlobNotFoundError(
          `No unfinished attachment ${blobName(ref)} with ${summary.chunkCount} chunks`,
        );
      const row = db
        .prepare<unknown[], BlobRow>(`SELECT ${BLOB_COLUMNS} FROM blobs WHERE ${WHERE_REF}`)
        .get(...params(ref));
      if (!row) throw new BlobNotFoundError(`Attachment ${blobName(ref)} vanished`);
      return blobFromRow(row);
    });
  }

  async discardBlob(ref: BlobRef): Promise<void> {
    await this.#write((db) => db.prepare(`DELETE FROM blobs WHERE ${WHERE_REF}`).run(...params(ref)));
  }

  async readBlob(ref: BlobRef): Promise<StoredBlob | undefined> {
    const row = this.#reader
      .prepare<unknown[], BlobRow>(
        `SELECT ${BLOB_COLUMNS} FROM blobs WHERE ${WHERE_REF} AND state = 'complete'`,
      )
      .get(...params(ref));
    return row && blobFromRow(row);
  }

  async *readChunks(ref: BlobRef): AsyncIterable<Uint8Array> {
    const blob = await this.readBlob(ref);
    if (!blob) throw new BlobNotFoundError(`No attachment ${blobName(ref)}`);
    const chunk = this.#reader.prepare<unknown[], { bytes: Buffer }>(
      `SELECT bytes FROM blob_chunks WHERE ${WHERE_REF} AND chunk_index = ?`,
    );
    for (let index = 0; index < blob.chunkCount; index++) {
      const row = chunk.get(...params(ref), index);
      if (!row) throw new BlobNotFoundError(`Chunk ${index} of ${blobName(ref)} is missing`);
      yield row.bytes;
    }
  }

  discardUnfinished(startedBefore: number): Promise<number> {
    return this.#write(
      (db) =>
        db.prepare("DELETE FROM blobs WHERE state = 'writing' AND started_at < ?").run(startedBefore).changes,
    );
  }

  async blobsToRewrap(activeKeyId: string, limit: number) {
    return this.#reader
      .prepare<unknown[], BlobRow>(
        `SELECT ${BLOB_COLUMNS} FROM blobs WHERE key_id <> ? ORDER BY resource_type, id, version_id LIMIT ?`,
      )
      .all(activeKeyId, limit)
      .map(blobHeaderFromRow);
  }

  rewrapBlob(
    ref: BlobRef,
    fromKeyId: string,
    wrapped: { wrappedKey: Uint8Array; keyId: string },
  ): Promise<boolean> {
    return this.#write(
      (db) =>
        db
          .prepare(`UPDATE blobs SET wrapped_key = ?, key_id = ? WHERE ${WHERE_REF} AND key_id = ?`)
          .run(Buffer.from(wrapped.wrappedKey), wrapped.keyId, ...params(ref), fromKeyId).changes === 1,
    );
  }

  /** Closes the read connection; the shared writer belongs to the vault. */
  async close(): Promise<void> {
    if (this.#reader !== this.#vault.database && this.#reader.open) this.#reader.close();
  }
}
