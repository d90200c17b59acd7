import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Hex } from 'viem';
import type { AnchorClaim } from '../records/anchoring/AnchorBatchSource.ts';
import { connectPostgres } from '../records/store/connectPostgres.ts';
import { AnchorBatchMismatchError, AnchorClaimLostError } from '../records/store/errors.ts';
import { inPostgresTransaction } from '../records/store/inPostgresTransaction.ts';
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
import { postgresAccessLogMigrations } from './postgresAccessLogMigrations.ts';

/** Options of `PostgresAccessLogStore.connect`: the record vault's database (same URL, same schema). */
export type PostgresAccessLogStoreOptions = {
  /** `postgres://user:password@host:port/database` (e.g. `DATABASE_URL`). */
  connectionString: string;
  /** Schema holding the tables (created if missing); default the role's search_path. */
  schema?: string;
  /** Pool size; default 4. */
  max?: number;
  now?: () => number;
};

const SELECT = accessEventSelect("string_agg(patient, ' ')");

/**
 * The `AccessLogStore` on PostgreSQL, beside the record vault's tables (the same database and schema, its own
 * migrations). `append` resolves after COMMIT; outbox claims use `FOR UPDATE SKIP LOCKED` so several workers
 * share the queue.
 */
export class PostgresAccessLogStore implements AccessLogStore {
  readonly #pool: pg.Pool;
  readonly #now: () => number;

  private constructor(pool: pg.Pool, now: () => number) {
    this.#pool = pool;
    this.#now = now;
  }

  /** Connects, creates the schema if asked, and applies pending migrations. */
  static async connect(options: PostgresAccessLogStoreOptions): Promise<PostgresAccessLogStore> {
    const pool = await connectPostgres({
      connectionString: options.connectionString,
      schema: options.schema,
      max: options.max ?? 4,
      migrations: postgresAccessLogMigrations,
    });
    return new PostgresAccessLogStore(pool, options.now ?? Date.now);
  }

  async #tx<T>(work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return inPostgresTransaction(this.#pool, work, begin);
  }

  async append(event: NewAccessEvent): Promise<StoredAccessEvent> {
    const recorded = checkNewAccessEvent(event);
    return this.#tx(async (db) => {
      const inserted = await db.query<{ seq: string }>(
        `INSERT INTO access_events (event_id, recorded, event_hash, event_json) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
        [event.eventId, recorded, event.eventHash, event.eventJson],
      );
      const seq = inserted.rows[0]?.seq;
      if (seq === undefined)
        throw new InvalidAccessEventError(`Access event ${event.eventId} is already recorded`);
      await db.query(
        `INSERT INTO access_event_patients (patient, recorded, seq) SELECT DISTINCT p, $2::bigint, $3::bigint
         FROM unnest($1::text[]) AS p`,
        [[...event.patients], recorded, seq],
      );
      await db.query('INSERT INTO access_outbox (seq) VALUES ($1)', [seq]);
      const { rows } = await db.query<AccessEventRow>(`${SELECT} WHERE e.seq = $1`, [seq]);
      if (!rows[0]) throw new Error('access event vanished inside its own transaction');
      return accessEventFromRow(rows[0]);
    });
  }

  async read(eventId: string): Promise<StoredAccessEvent | undefined> {
    const { rows } = await this.#pool.query<AccessEventRow>(`${SELECT} WHERE e.event_id = $1`, [eventId]);
    return rows[0] && accessEventFromRow(rows[0]);
  }

  byPatient(patient: string, page: { count: number; offset?: number }): Promise<AccessEventPage> {
    // Page and total from one snapshot.
    return this.#tx(async (db) => {
      const events = await db.query<AccessEventRow>(
        `${SELECT} JOIN access_event_patients ap ON ap.seq = e.seq WHERE ap.patient = $1
         ORDER BY ap.recorded DESC, ap.seq DESC LIMIT $2 OFFSET $3`,
        [patient, page.count, page.offset ?? 0],
      );
      const count = await db.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM access_event_patients WHERE patient = $1',
        [patient],
      );
      return { events: events.rows.map(accessEventFromRow), total: Number(count.rows[0]?.n ?? 0) };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async all(options: { afterSeq?: number; limit: number }): Promise<StoredAccessEvent[]> {
    const { rows } = await this.#pool.query<AccessEventRow>(
      `${SELECT} WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
      [options.afterSeq ?? 0, options.limit],
    );
    return rows.map(accessEventFromRow);
  }

  async claimAnchorBatch(options: {
    maxSize: number;
    leaseMs: number;
  }): Promise<AnchorClaim<AccessOutboxEntry> | null> {
    const now = this.#now();
    const batchId = randomUUID();
    const leaseUntil = now + options.leaseMs;
    const { rows } = await this.#pool.query<{
      seq: string;
      event_id: string;
      event_hash: string;
      recorded: string;
    }>(
      `WITH picked AS (
         SELECT seq FROM access_outbox WHERE batch_id IS NULL OR lease_until <= $1
         ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE access_outbox o SET batch_id = $3, lease_until = $4 FROM picked WHERE o.seq = picked.seq
         RETURNING o.seq
       )
       SELECT e.seq, e.event_id, e.event_hash, e.recorded FROM claimed JOIN access_events e ON e.seq = claimed.seq
       ORDER BY e.seq`,
      [now, options.maxSize, batchId, leaseUntil],
    );
    if (rows.length === 0) return null;
    return {
      batchId,
      leaseExpiresAt: new Date(leaseUntil).toISOString(),
      entries: rows.map((row) => ({
        eventId: row.event_id,
        eventHash: row.event_hash as Hex,
        recorded: new Date(Number(row.recorded)).toISOString(),
      })),
    };
  }

  markBatchAnchored(batchId: string, anchored: AnchoredAccessBatch): Promise<void> {
    return this.#tx(async (db) => {
      const { rows } = await db.query<{ seq: string; event_id: string }>(
        `SELECT o.seq, e.event_id FROM access_outbox o JOIN access_events e ON e.seq = o.seq
         WHERE o.batch_id = $1 FOR UPDATE OF o`,
        [batchId],
      );
      const claimed = new Map(rows.map((row) => [row.event_id, row.seq]));
      const given = anchored.proofs.map((p) => p.eventId);
      if (claimed.size === 0 || given.some((id) => !claimed.has(id))) throw new AnchorClaimLostError(batchId);
      if (new Set(given).size !== claimed.size) {
        throw new AnchorBatchMismatchError(
          `Batch ${batchId} claimed ${claimed.size} access events, got ${given.length} proofs`,
        );
      }
      await db.query(
        'INSERT INTO access_batches (batch_id, root, tx_hash, size, anchored_at) VALUES ($1, $2, $3, $4, $5)',
        [batchId, anchored.root, anchored.txHash, claimed.size, this.#now()],
      );
      await db.query(
        `UPDATE access_events e SET anchor_status = 'anchored', anchor_batch_id = $1, anchor_proof = p.proof
         FROM unnest($2::bigint[], $3::text[]) AS p(seq, proof) WHERE e.seq = p.seq`,
        [
          batchId,
          anchored.proofs.map((p) => claimed.get(p.eventId)),
          anchored.proofs.map((p) => JSON.stringify(p.proof)),
        ],
      );
      await db.query('DELETE FROM access_outbox WHERE batch_id = $1', [batchId]);
    });
  }

  async releaseAnchorBatch(batchId: string): Promise<void> {
    await this.#pool.query(
      'UPDATE access_outbox SET batch_id = NULL, lease_until = NULL WHERE batch_id = $1',
      [batchId],
    );
  }

  async pendingAnchorCount(): Promise<number> {
    const { rows } = await this.#pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM access_outbox');
    return Number(rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
