import { afterAll, describe } from 'vitest';
import { blobStoreContract } from './blobStoreContract.ts';
import { PostgresBlobStore } from './PostgresBlobStore.ts';
import { postgresTestSchemas } from './testing/postgresTestSchemas.ts';

const url = process.env.CADUCEUS_TEST_DATABASE_URL;

describe.skipIf(!url)(
  'PostgresBlobStore — skipped unless CADUCEUS_TEST_DATABASE_URL is set (run: eval "$(.ci/postgres.sh)")',
  () => {
    const connectionString = url ?? '';
    const schemas = postgresTestSchemas(connectionString, 'blob_test');
    afterAll(schemas.dropAll);
    blobStoreContract(async ({ now }) =>
      PostgresBlobStore.connect({ connectionString, schema: schemas.fresh(), now, max: 2 }),
    );
  },
);
