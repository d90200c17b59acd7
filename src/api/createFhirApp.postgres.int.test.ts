import { afterAll, describe } from 'vitest';
import { PostgresRecordStore } from '../records/store/PostgresRecordStore.ts';
import { postgresTestSchemas } from '../records/store/testing/postgresTestSchemas.ts';
import { fhirApiSuite } from './testing/fhirApiSuite.ts';

const url = process.env.CADUCEUS_TEST_DATABASE_URL;
const stores: PostgresRecordStore[] = [];

describe.skipIf(!url)(
  'FHIR API on PostgresRecordStore — skipped unless CADUCEUS_TEST_DATABASE_URL is set (run: eval "$(.ci/postgres.sh)")',
  () => {
    const connectionString = url ?? '';
    const schemas = postgresTestSchemas(connectionString, 'fhir_api_test');
    afterAll(async () => {
      for (const store of stores) await store.close();
      await schemas.dropAll();
    });

    fhirApiSuite(async () => {
      const store = await PostgresRecordStore.connect({ connectionString, schema: schemas.fresh(), max: 8 });
      stores.push(store);
      return store;
    });
  },
);
