import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { PostgresRecordStore } from '../records/store/PostgresRecordStore.ts';
import { fhirApiSuite } from './testing/fhirApiSuite.ts';

const url = process.env.CADUCEUS_TEST_DATABASE_URL;
const stores: PostgresRecordStore[] = [];
const schemas: string[] = [];
let n = 0;

describe.skipIf(!url)(
  'FHIR API on PostgresRecordStore — skipped unless CADUCEUS_TEST_DATABASE_URL is set (run: eval "$(.ci/postgres.sh)")',
  () => {
    const connectionString = url ?? '';
    afterAll(async () => {
      for (const store of stores) await store.close();
      const admin = new pg.Pool({ connectionString, max: 1 });
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });

    fhirApiSuite(async () => {
      const schema = `fhir_api_test_${process.pid}_${++n}`;
      schemas.push(schema);
      const store = await PostgresRecordStore.connect({ connectionString, schema, max: 8 });
      stores.push(store);
      return store;
    });
  },
);
