import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresRecordStore } from './PostgresRecordStore.ts';
import { recordStoreContract } from './recordStoreContract.ts';
import { postgresTestSchemas } from './testing/postgresTestSchemas.ts';

const url = process.env.CADUCEUS_TEST_DATABASE_URL;

describe.skipIf(!url)(
  'PostgresRecordStore — skipped unless CADUCEUS_TEST_DATABASE_URL is set (run: eval "$(.ci/postgres.sh)")',
  () => {
    const connectionString = url ?? '';
    const schemas = postgresTestSchemas(connectionString, 'vault_test');
    afterAll(schemas.dropAll);

    recordStoreContract(async ({ now }) =>
      PostgresRecordStore.connect({ connectionString, schema: schemas.fresh(), now, max: 8 }),
    );

    const version = {
      resourceType: 'Patient',
      id: 'p1',
      versionId: 1,
      lastUpdated: '2024-03-01T08:00:00.000Z',
      contentHash: `0x${'ab'.repeat(32)}`,
      sealed: {
        ciphertext: Buffer.from('c'),
        iv: Buffer.alloc(12),
        tag: Buffer.alloc(16),
        wrappedKey: Buffer.alloc(40),
        keyId: 'k',
      },
      deleted: false,
    } as const;

    it('migrates once when several nodes connect to one schema at the same time, and keeps data on reconnect', async () => {
      const schema = schemas.fresh();
      const stores = await Promise.all(
        [1, 2, 3].map(() => PostgresRecordStore.connect({ connectionString, schema })),
      );
      await stores[0]?.createVersion(version);
      for (const store of stores) await store.close();
      const again = await PostgresRecordStore.connect({ connectionString, schema });
      expect((await again.readCurrent('Patient', 'p1'))?.contentHash).toBe(version.contentHash);
      await again.close();
      const admin = new pg.Pool({ connectionString, max: 1, options: `-c search_path=${schema}` });
      const { rows } = await admin.query<{ id: string }>('SELECT id FROM schema_migrations');
      expect(rows.map((row) => row.id)).toEqual(['records-001-versions']);
      await admin.end();
    });

    it('refuses, at the database level, to change a stored version’s content', async () => {
      const schema = schemas.fresh();
      const store = await PostgresRecordStore.connect({ connectionString, schema });
      await store.createVersion(version);
      await store.close();
      const admin = new pg.Pool({ connectionString, max: 1, options: `-c search_path=${schema}` });
      for (const column of ['ciphertext', 'content_hash', 'last_updated', 'deleted']) {
        await expect(admin.query(`UPDATE record_versions SET ${column} = ${column}`), column).rejects.toThrow(
          /immutable/,
        );
      }
      await admin.end();
    });
  },
);
