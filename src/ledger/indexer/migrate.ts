import type BetterSqlite3 from 'better-sqlite3';
import { BaseError } from '../../errors.ts';

/** One schema change. `id` is permanent (never renamed or reused); `up` is SQL or a function for data moves. */
export type Migration = { id: string; up: string | ((db: BetterSqlite3.Database) => void) };

/** A migration failed; the database stays at the last migration that succeeded. */
export class MigrationError extends BaseError {
  override name = 'MigrationError';
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in array order, each in its own transaction
 * with its record, so a crash leaves the schema at a migration boundary. Later modules pass their own lists
 * (ids are global: prefix them with the module, e.g. `ledger-001-events`). Returns the ids it applied.
 */
export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const ids = new Set<string>();
  for (const migration of migrations) {
    if (ids.has(migration.id)) throw new MigrationError(`Duplicate migration id ${migration.id}`);
    ids.add(migration.id);
  }
  const applied = new Set(
    db
      .prepare<[], { id: string }>('SELECT id FROM schema_migrations')
      .all()
      .map((row) => row.id),
  );
  const record = db.prepare<[string, string]>('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    try {
      db.transaction(() => {
        if (typeof migration.up === 'string') db.exec(migration.up);
        else migration.up(db);
        record.run(migration.id, new Date().toISOString());
      }).immediate();
    } catch (error) {
      throw new MigrationError(`Migration ${migration.id} failed`, { cause: error });
    }
    done.push(migration.id);
  }
  return done;
}
