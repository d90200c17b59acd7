import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens the node's SQLite database the way Caduceus needs it: WAL (readers never block the writer),
 * `synchronous = FULL` (a committed transaction survives power loss, which the indexer's cursor relies on),
 * foreign keys on, and a busy timeout instead of immediate `SQLITE_BUSY`. `':memory:'` for tests.
 */
export function openSqliteDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
