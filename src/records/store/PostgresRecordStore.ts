import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Hex } from 'viem';
import { checkNewVersion } from './checkNewVersion.ts';
import { connectPostgres } from './connectPostgres.ts';
import { AnchorBatchMismatchError, AnchorClaimLostError, VersionConflictError } from './errors.ts';
import { inPostgresTransaction } from './inPostgresTransaction.ts';
import { postgresRecordMigrations } from './postgresRecordMigrations.ts';
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
import { searchSql } from './searchSql.ts';
import { VERSION_SELECT, type VersionRow, versionFromRow } from './versionRow.ts';

type Queryable = pg.Pool | pg.PoolClient;
type OutboxRow = { seq: string; resource_type: string; id: string; version_id: number; content_hash: string };

/** Options of `PostgresRecordStore.connect`. */
export type PostgresRecordStoreOptions = {
  /** `postgres://user:password@host:port/database` (e.g. `DATABASE_URL`). */
  connectionString: string;
  /** Schema holding the tables (created if missing); default the role's search_path. Tests use one per store. */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
  now?: () => number;
};

/** `?` placeholders (shared SQL) → `$1, $2, …`; our SQL never has a literal question mark. */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

const key = (r: { resource_type: string; id: string; version_id: number }) =>
  `${r.resource_type}/${r.id}/${r.version_id}`;

/**
 * The `RecordStore` on PostgreSQL for organisations that outgrow one machine: a `pg` pool, schema by migrations,
 * optimistic version numbering on `record_heads` (a racing writer gets `VersionConflictError`, never a duplicate),
 * and outbox claims with `SELECT … FOR UPDATE SKIP LOCKED` so any number of anchoring workers share the queue.
 */
export class PostgresRecordStore implements RecordStore {
  readonly #pool: pg.Pool;
  readonly #client: pg.PoolClient | undefined;
  readonly #now: () => number;

  private constructor(pool: pg.Pool, client: pg.PoolClient | undefined, now: () => number) {
    this.#pool = pool;
    this.#client = client;
    this.#now = now;
  }

  /** Connects, creates the schema if asked, and applies pending migrations. */
  static async connect(options: PostgresRecordStoreOptions): Promise<PostgresRecordStore> {
    const pool = await connectPostgres({
      connectionString: options.connectionString,
      schema: options.schema,
      max: options.max ?? 10,
      migrations: postgresRecordMigrations,
    });
    return new PostgresRecordStore(pool, undefined, options.now ?? Date.now);
  }

  get #db(): Queryable {
    return this.#client ?? this.#pool;
  }

  /** Runs `work` in a transaction: the caller's if bound, else a new one on a pooled connection. */
  async #tx<T>(work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    if (this.#client) return work(this.#client);
    return inPostgresTransaction(this.#pool, work, begin);
  }

  async createVersion(version: NewRecordVersion): Promise<RecordVersion> {
    const lastUpdated = checkNewVersion(version);
    const { resourceType, id, versionId, sealed } = version;
    return this.#tx(async (db) => {
      const head =
        versionId === 1
          ? await db.query(
              `INSERT INTO record_heads (resource_type, id, version_id, last_updated, deleted) VALUES ($1, $2, 1, $3, $4)
               ON CONFLICT (resource_type, id) DO NOTHING`,
              [resourceType, id, lastUpdated, version.deleted],
            )
          : await db.query(
              `UPDATE record_heads SET version_id = $3, last_updated = $4, deleted = $5
               WHERE resource_type = $1 AND id = $2 AND version_id = $3 - 1`,
              [resourceType, id, versionId, lastUpdated, version.deleted],
            );
      if (head.rowCount !== 1) {
        const current = await db.query<{ version_id: number }>(
          'SELECT version_id FROM record_heads WHERE resource_type = $1 AND id = $2',
          [resourceType, id],
        );
        throw new VersionConflictError(version, current.rows[0]?.version_id ?? 0);
      }
      await db.query(
        `INSERT INTO record_versions (resource_type, id, version_id, last_updated, content_hash, deleted,
           ciphertext, iv, tag, wrapped_key, key_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          resourceType,
          id,
          versionId,
          lastUpdated,
          version.contentHash,
          version.deleted,
          Buffer.from(sealed.ciphertext),
          Buffer.from(sealed.iv),
          Buffer.from(sealed.tag),
          Buffer.from(sealed.wrappedKey),
          sealed.keyId,
        ],
      );
      await db.query('DELETE FROM search_tokens WHERE resource_type = $1 AND id = $2', [resourceType, id]);
      await db.query('DELETE FROM search_dates WHERE resource_type = $1 AND id = $2', [resourceType, id]);
      const tokens = version.tokens ?? [];
      if (tokens.length > 0) {
        await db.query(
          `INSERT INTO search_tokens (resource_type, id, param, system, value)
           SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[])`,
          [
            resourceType,
            id,
            tokens.map((t) => t.param),
            tokens.map((t) => t.system),
            tokens.map((t) => t.value),
          ],
        );
      }
      const dates = version.dates ?? [];
      if (dates.length > 0) {
        await db.query(
          `INSERT INTO search_dates (resource_type, id, param, range_start, range_end)
           SELECT $1, $2, * FROM unnest($3::text[], $4::bigint[], $5::bigint[])`,
          [resourceType, id, dates.map((d) => d.param), dates.map((d) => d.start), dates.map((d) => d.end)],
        );
      }
      await db.query(
        'INSERT INTO anchor_outbox (resource_type, id, version_id, content_hash) VALUES ($1, $2, $3, $4)',
        [resourceType, id, versionId, version.contentHash],
      );
      return {
        resourceType,
        id,
        versionId,
        lastUpdated: new Date(lastUpdated).toISOString(),
        contentHash: version.contentHash,
        sealed: {
          ciphertext: Buffer.from(sealed.ciphertext),
          iv: Buffer.from(sealed.iv),
          tag: Buffer.from(sealed.tag),
          wrappedKey: Buffer.from(sealed.wrappedKey),
          keyId: sealed.keyId,
        },
        deleted: version.deleted,
        anchorStatus: 'pending' as const,
        anchor: null,
      };
    });
  }

  async readCurrent(resourceType: string, id: string): Promise<RecordVersion | undefined> {
    const { rows } = await this.#db.query<VersionRow>(
      `${VERSION_SELECT} JOIN record_heads h
         ON h.resource_type = v.resource_type AND h.id = v.id AND h.version_id = v.version_id
       WHERE h.resource_type = $1 AND h.id = $2`,
      [resourceType, id],
    );
    return rows[0] && versionFromRow(rows[0]);
  }

  async readVersion(resourceType: string, id: string, versionId: number): Promise<RecordVersion | undefined> {
    const { rows } = await this.#db.query<VersionRow>(
      `${VERSION_SELECT} WHERE v.resource_type = $1 AND v.id = $2 AND v.version_id = $3`,
      [resourceType, id, versionId],
    );
    return rows[0] && versionFromRow(rows[0]);
  }

  async history(resourceType: string, id: string): Promise<RecordVersion[]> {
    const { rows } = await this.#db.query<VersionRow>(
      `${VERSION_SELECT} WHERE v.resource_type = $1 AND v.id = $2 ORDER BY v.version_id DESC`,
      [resourceType, id],
    );
    return rows.map(versionFromRow);
  }

  search(query: RecordSearch): Promise<RecordSearchPage> {
    const { page, total } = searchSql(query, 'NOT h.deleted');
    // Page and total from one snapshot.
    return this.#tx(async (db) => {
      const versions = await db.query<VersionRow>(numbered(page.text), page.params);
      const count = await db.query<{ total: string }>(numbered(total.text), total.params);
      return { versions: versions.rows.map(versionFromRow), total: Number(count.rows[0]?.total ?? 0) };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async allVersions(options: { after?: RecordVersionRef; limit: number }): Promise<RecordVersion[]> {
    const { resourceType = '', id = '', versionId = 0 } = options.after ?? {};
    const { rows } = await this.#db.query<VersionRow>(
      `${VERSION_SELECT} WHERE (v.resource_type, v.id, v.version_id) > ($1, $2, $3)
       ORDER BY v.resource_type, v.id, v.version_id LIMIT $4`,
      [resourceType, id, versionId, options.limit],
    );
    return rows.map(versionFromRow);
  }

  transaction<T>(work: (tx: RecordStore) => Promise<T>): Promise<T> {
    if (this.#client) return work(this);
    return this.#tx((client) => work(new PostgresRecordStore(this.#pool, client, this.#now)));
  }

  async claimAnchorBatch(options: { maxSize: number; leaseMs: number }): Promise<AnchorBatchClaim | null> {
    const now = this.#now();
    const batchId = randomUUID();
    const leaseUntil = now + options.leaseMs;
    const { rows } = await this.#db.query<OutboxRow>(
      `WITH picked AS (
         SELECT seq FROM anchor_outbox WHERE batch_id IS NULL OR lease_until <= $1
         ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE anchor_outbox o SET batch_id = $3, lease_until = $4 FROM picked WHERE o.seq = picked.seq
       RETURNING o.seq, o.resource_type, o.id, o.version_id, o.content_hash`,
      [now, options.maxSize, batchId, leaseUntil],
    );
    if (rows.length === 0) return null;
    rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    return {
      batchId,
      leaseExpiresAt: new Date(leaseUntil).toISOString(),
      entries: rows.map((row) => ({
        resourceType: row.resource_type,
        id: row.id,
        versionId: row.version_id,
        contentHash: row.content_hash as Hex,
      })),
    };
  }

  markBatchAnchored(batchId: string, anchored: AnchoredBatch): Promise<void> {
    return this.#tx(async (db) => {
      const { rows } = await db.query<OutboxRow>(
        'SELECT resource_type, id, version_id FROM anchor_outbox WHERE batch_id = $1 FOR UPDATE',
        [batchId],
      );
      const claimed = new Set(rows.map(key));
      const given = anchored.proofs.map((p) =>
        key({ resource_type: p.resourceType, id: p.id, version_id: p.versionId }),
      );
      if (claimed.size === 0 || given.some((k) => !claimed.has(k))) throw new AnchorClaimLostError(batchId);
      if (new Set(given).size !== claimed.size) {
        throw new AnchorBatchMismatchError(
          `Batch ${batchId} claimed ${claimed.size} versions, got ${given.length} proofs`,
        );
      }
      await db.query(
        'INSERT INTO anchor_batches (batch_id, root, tx_hash, size, anchored_at) VALUES ($1, $2, $3, $4, $5)',
        [batchId, anchored.root, anchored.txHash, claimed.size, this.#now()],
      );
      const { proofs } = anchored;
      await db.query(
        `UPDATE record_versions v SET anchor_status = 'anchored', anchor_batch_id = $1, anchor_proof = p.proof
         FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS p(resource_type, id, version_id, proof)
         WHERE v.resource_type = p.resource_type AND v.id = p.id AND v.version_id = p.version_id`,
        [
          batchId,
          proofs.map((p) => p.resourceType),
          proofs.map((p) => p.id),
          proofs.map((p) => p.versionId),
          proofs.map((p) => JSON.stringify(p.proof)),
        ],
      );
      await db.query('DELETE FROM anchor_outbox WHERE batch_id = $1', [batchId]);
    });
  }

  async releaseAnchorBatch(batchId: string): Promise<void> {
    await this.#db.query('UPDATE anchor_outbox SET batch_id = NULL, lease_until = NULL WHERE batch_id = $1', [
      batchId,
    ]);
  }

  async pendingAnchorCount(): Promise<number> {
    const { rows } = await this.#db.query<{ n: string }>('SELECT COUNT(*) AS n FROM anchor_outbox');
    return Number(rows[0]?.n ?? 0);
  }

  async versionsToRewrap(activeKeyId: string, limit: number): Promise<RecordVersion[]> {
    const { rows } = await this.#db.query<VersionRow>(
      `${VERSION_SELECT} WHERE v.key_id <> $1 ORDER BY v.resource_type, v.id, v.version_id LIMIT $2`,
      [activeKeyId, limit],
    );
    return rows.map(versionFromRow);
  }

  async rewrapVersion(
    ref: RecordVersionRef,
    fromKeyId: string,
    wrapped: { wrappedKey: Uint8Array; keyId: string },
  ): Promise<boolean> {
    const result = await this.#db.query(
      `UPDATE record_versions SET wrapped_key = $1, key_id = $2
       WHERE resource_type = $3 AND id = $4 AND version_id = $5 AND key_id = $6`,
      [Buffer.from(wrapped.wrappedKey), wrapped.keyId, ref.resourceType, ref.id, ref.versionId, fromKeyId],
    );
    return result.rowCount === 1;
  }

  async close(): Promise<void> {
    if (!this.#client) await this.#pool.end();
  }
}
