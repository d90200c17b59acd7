import { describe, expect, it } from 'vitest';
import { MigrationError, migrate } from './migrate.ts';
import { openSqliteDatabase } from './openSqliteDatabase.ts';

describe('migrate', () => {
  it('applies each migration once, in order, and records it', () => {
    const db = openSqliteDatabase(':memory:');
    const migrations = [
      { id: 'test-001', up: 'CREATE TABLE t (x INTEGER)' },
      { id: 'test-002', up: (d: typeof db) => d.prepare('INSERT INTO t VALUES (42)').run() },
    ];
    expect(migrate(db, migrations)).toEqual(['test-001', 'test-002']);
    expect(migrate(db, migrations)).toEqual([]);
    expect(db.prepare('SELECT x FROM t').all()).toEqual([{ x: 42 }]);
    expect(migrate(db, [...migrations, { id: 'test-003', up: 'ALTER TABLE t ADD COLUMN y TEXT' }])).toEqual([
      'test-003',
    ]);
  });

  it('rolls a failing migration back completely and keeps the ones before it', () => {
    const db = openSqliteDatabase(':memory:');
    const broken = [
      { id: 'a', up: 'CREATE TABLE a (x INTEGER)' },
      { id: 'b', up: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1)' },
    ];
    expect(() => migrate(db, broken)).toThrow(MigrationError);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables).toEqual([{ name: 'a' }, { name: 'schema_migrations' }]);
    expect(db.prepare('SELECT id FROM schema_migrations').all()).toEqual([{ id: 'a' }]);
  });

  it('refuses duplicate ids', () => {
    const db = openSqliteDatabase(':memory:');
    expect(() =>
      migrate(db, [
        { id: 'x', up: 'SELECT 1' },
        { id: 'x', up: 'SELECT 2' },
      ]),
    ).toThrow(/Duplicate migration id x/);
  });
});
