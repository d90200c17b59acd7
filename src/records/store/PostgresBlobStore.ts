import type pg from 'pg';
import type { BlobRef, BlobStart, BlobStore, BlobSummary, StoredBlob } from './BlobStore.ts';
import {
  BLOB_COLUMNS,
  type BlobRow,
  blobFromRow,
  blobHeaderFromRow,
  blobName,
  blobStartRow,
} from './blobRow.ts';
import { connectPostgres } from './connectPostgres.ts';
import { BlobExistsError, BlobNotFoundError } from './errors.ts';
import { inPostgresTransaction } from './inPostgresTransaction.ts';
import { postgresBlobMigrations } from './postgresBlobMigrations.ts';

const WHERE_REF = 'resource_type = $1 AND id = $2 AND version_id = $3';
const params = (ref: BlobRef) => [ref.resourceType, ref.id, ref.versionId];

/**
 * The `BlobStore` on PostgreSQL: chunks as BYTEA rows (stored uncompressed out of line: sealed bytes do not
 * compress), each append its own short transaction, so uploads stream without holding a connection for long.
 */
export class PostgresBlobStore implements BlobStore {
  readonly #pool: pg.Pool;
  readonly #now: () => number;

  private constructor(pool: pg.Pool, now: () => number) {
    this.#pool = pool;
    this.#now = now;
  }

  /** Connects and applies the attachment migrations (in `schema`, or the role's search_path). */
  static async connect(options: {
    connectionString: string;
    schema?: string;
    max?: number;
    now?: () => number;
  }): Promise<PostgresBlobStore> {
    const pool = await connectPostgres({
      connectionString: options.connectionString,
      schema: options.schema,
      max: options.max ?? 4,
      migrations: postgresBlobMigrations,
    });
    return new PostgresBlobStore(pool, options.now ?? Date.now);
  }

  async beginBlob(ref: BlobRef, start: BlobStart): Promise<void> {
    const row = blobStartRow(ref, start, this.#now());
    const result = await this.#pool.query(
      `INSERT INTO blobs (${row.columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [...row.values],
    );
    if (result.rowCount !== 1) throw new BlobExistsError(ref);
  }

  appendChunk(ref: BlobRef, index: number, bytes: Uint8Array): Promise<void> {
    return inPostgresTransaction(this.#pool, async (db) => {
      const { rows } = await db.query<{ state: string; n: string }>(
        `SELECT state, (SELECT COUNT(*) FROM blob_chunks c WHERE c.resource_type = b.resource_type
           AND c.id = b.id AND c.version_id = b.version_id) AS n FROM blobs b WHERE ${WHERE_REF} FOR UPDATE`,
        params(ref),
      );
      const blob = rows[0];
      if (blob?.state !== 'writing') throw new BlobNotFoundError(`No unfinished attachment ${blobName(ref)}`);
      if (Number(blob.n) !== index)
        throw new BlobNotFoundError(`Chunk ${index} of ${blobName(ref)} is out of order`);
      await db.query(
        'INSERT INTO blob_chunks (resource_type, id, version_id, chunk_index, bytes) VALUES ($1, $2, $3, $4, $5)',
        [...params(ref), index, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)],
      );
    });
  }

  completeBlob(ref: BlobRef, summary: BlobSummary): Promise<StoredBlob> {
    return inPostgresTransaction(this.#pool, async (db) => {
      const { rows } = await db.query<BlobRow>(
        `UPDATE blobs SET state = 'complete', size = $4, sealed_size = $5, content_hash = $6, chunk_count = $7::int
         WHERE ${WHERE_REF} AND state = 'writing' AND $7::int = (SELECT COUNT(*)::int FROM blob_chunks c
           WHERE c.resource_type = $1 AND c.id = $2 AND c.version_id = $3)
         RETURNING ${BLOB_COLUMNS}`,
        [...params(ref), summary.size, summary.sealedSize, summary.contentHash, summary.chunkCount],
      );
      const row = rows[0];
      if (!row)
        throw new BlobNotFoundError(
          `No unfinished attachment ${blobName(ref)} with ${summary.chunkCount} chunks`,
        );
      return blobFromRow(row);
    });
  }

  async discardBlob(ref: BlobRef): Promise<void> {
    await this.#pool.query(`DELETE FROM blobs WHERE ${WHERE_REF}`, params(ref));
  }

  async readBlob(ref: BlobRef): Promise<StoredBlob | undefined> {
    const { rows } = await this.#pool.query<BlobRow>(
      `SELECT ${BLOB_COLUMNS} FROM blobs WHERE ${WHERE_REF} AND state = 'complete'`,
      params(ref),
    );
    return rows[0] && blobFromRow(rows[0]);
  }

  async *readChunks(ref: BlobRef): AsyncIterable<Uint8Array> {
    const blob = await this.readBlob(ref);
    if (!blob) throw new BlobNotFoundError(`No attachment ${blobName(ref)}`);
    for (let index = 0; index < blob.chunkCount; index++) {
      const { rows } = await this.#pool.query<{ bytes: Buffer }>(
        `SELECT bytes FROM blob_chunks WHERE ${WHERE_REF} AND chunk_index = $4`,
        [...params(ref), index],
      );
      const row = rows[0];
      if (!row) throw new BlobNotFoundError(`Chunk ${index} of ${blobName(ref)} is missing`);
      yield row.bytes;
    }
  }

  async discardUnfinished(startedBefore: number): Promise<number> {
    const result = await this.#pool.query("DELETE FROM blobs WHERE state = 'writing' AND started_at < $1", [
      startedBefore,
    ]);
    return result.rowCount ?? 0;
  }

  async blobsToRewrap(activeKeyId: string, limit: number) {
    const { rows } = await this.#pool.query<BlobRow>(
      `SELECT ${BLOB_COLUMNS} FROM blobs WHERE key_id <> $1 ORDER BY resource_type, id, version_id LIMIT $2`,
      [activeKeyId, limit],
    );
    return rows.map(blobHeaderFromRow);
  }

  async rewrapBlob(
    ref: BlobRef,
    fromKeyId: string,
    wrapped: { wrappedKey: Uint8Array; keyId: string },
  ): Promise<boolean> {
    const result = await this.#pool.query(
      `UPDATE blobs SET wrapped_key = $4, key_id = $5 WHERE ${WHERE_REF} AND key_id = $6`,
      [...params(ref), Buffer.from(wrapped.wrappedKey), wrapped.keyId, fromKeyId],
    );
    return result.rowCount === 1;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
