import pg from 'pg';
import { RecordStoreConfigError } from './errors.ts';
import { migratePostgres, type PostgresMigration } from './migratePostgres.ts';

/** Where and how `connectPostgres` opens its pool, and which migrations it applies there. */
export type ConnectPostgresOptions = {
  /** `postgres://user:password@host:port/database` (e.g. `DATABASE_URL`). */
  connectionString: string;
  /** Schema holding the tables (created if missing); default the role's search_path. */
  schema?: string | undefined;
  /** Pool size. */
  max: number;
  migrations: readonly PostgresMigration[];
};

/**
 * Opens a pool on `schema` (creating it if missing) and applies the pending `migrations`, so every PostgreSQL
 * store sharing a database starts the same way; the pool is ended again if any of that fails.
 */
export async function connectPostgres(options: ConnectPostgresOptions): Promise<pg.Pool> {
  const { schema } = options;
  // The name is spliced into SQL and the connection options, so it must be a plain identifier.
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new RecordStoreConfigError(`Schema name '${schema}' must be a lowercase SQL identifier`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  try {
    if (schema !== undefined) {
      // CREATE SCHEMA IF NOT EXISTS races with itself; serialise nodes starting together.
      await pool.query(`DO $$ BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('caduceus.schema.${schema}'));
        CREATE SCHEMA IF NOT EXISTS ${schema};
      END $$`);
    }
    await migratePostgres(pool, options.migrations);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}
