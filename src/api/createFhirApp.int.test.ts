import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { SqliteRecordStore } from '../records/store/SqliteRecordStore.ts';
import { fhirApiSuite } from './testing/fhirApiSuite.ts';

const dir = mkdtempSync(join(tmpdir(), 'caduceus-fhir-api-'));
const stores: SqliteRecordStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;

describe('FHIR API on SqliteRecordStore (temp file, WAL)', () => {
  fhirApiSuite(async () => {
    const store = SqliteRecordStore.open({ path: join(dir, `vault-${++n}.db`) });
    stores.push(store);
    return store;
  });
});
