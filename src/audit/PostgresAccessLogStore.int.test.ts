import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresRecordStore } from '../records/store/PostgresRecordStore.ts';
import { postgresTestSchemas } from '../records/store/testing/postgresTestSchemas.ts';
import { accessEvent, accessLogStoreContract } from './accessLogStoreContract.ts';
import { PostgresAccessLogStore } from './PostgresAccessLogStore.ts';

const url = process.env.CADUCEUS_TEST_DATABASE_URL;

describe.skipIf(!url)(
  'PostgresAccessLogStore — skipped unless CADUCEUS_TEST_DATABASE_URL is set (run: eval "$(.ci/postgres.sh)")',
  () => {
    const connectionString = url ?? '';
    const schemas = postgresTestSchemas(connectionString, 'audit_test');
    afterAll(schemas.dropAll);

    accessLogStoreContract(async ({ now }) =>
      PostgresAccessLogStore.connect({ connectionString, schema: schemas.fresh(), now }),
    );

    it('lives beside the record vault in one schema, and refuses changes and deletes at the database level', async () => {
      const schema = schemas.fresh();
      const vault = await PostgresRecordStore.connect({ connectionString, schema });
      const log = await PostgresAccessLogStore.connect({ connectionString, schema });
      await log.append(accessEvent(1, ['Patient/p1']));
      const admin = new pg.Pool({ connectionString, max: 1, options: `-c search_path=${schema}` });
      const { rows } = await admin.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
      expect(rows.map((row) => row.id)).toEqual([
        'audit-001-access-log',
        'audit-002-patients-by-event',
        'records-001-versions',
      ]);
      for (const column of ['event_json', 'event_hash', 'recorded']) {
        await expect(admin.query(`UPDATE access_events SET ${column} = ${column}`), column).rejects.toThrow(
          /immutable/,
        );
      }
      await expect(admin.query('DELETE FROM access_events')).rejects.toThrow(/append-only/);
      await admin.end();
      await log.close();
      await vault.close();
    });
  },
);
