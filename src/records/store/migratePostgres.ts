import type { Pool } from 'pg';
import { MigrationError } from '../../ledger/indexer/migrate.ts';

/** One PostgreSQL schema change; the same shape as the SQLite `Migration` (permanent, module-prefixed `id`). */
export type PostgresMigration = { id: string; up: string };

/**
 * PostgreSQL twin of `migrate`: applies the migrations not yet in `schema_migrations` (of the pool's search_path
 * schema), in order, each in its own transaction with its record. A transaction-scoped advisory lock per schema
 * lets several nodes start at once without applying a migration twice. Returns the ids it applied.
 */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly PostgresMigration[],
): Promise<string[]> {
  const ids = new Set<string>();
  for (const migration of migrations) {
    if (ids.has(migration.id)) throw new MigrationError(`Duplicate migration id ${migration.id}`);
    ids.add(migration.id);
  }
  const client = await pool.connect();
  const done: string[] = [];
  try {
    const lock = "SELECT pg_advisory_xact_lock(hashtext('caduceus.migrations.' || current_schema()))";
    await client.query('BEGIN');
    await client.query(lock);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id TEXT PRIMARY KEY,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    await client.query('COMMIT');
    for (const migration of migrations) {
      try {
        await client.query('BEGIN');
        await client.query(lock);
        const applied = await client.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
        if (applied.rowCount === 0) {
          await client.query(migration.up);
          await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
          done.push(migration.id);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(`Migration ${migration.id} failed`, { cause: error });
      }
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return done;
}
