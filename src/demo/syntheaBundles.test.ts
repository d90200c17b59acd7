import type { Bundle } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { createTestFhirApp } from '../api/testing/createTestFhirApp.ts';
import { prepareSyntheaBundle, readSyntheaBundles } from './syntheaBundles.ts';

describe('prepareSyntheaBundle', () => {
  it('keeps the supported entries, links the patient to its key, and creates the shared Synthea providers once', async () => {
    const { call } = createTestFhirApp({ maxBodyBytes: 16 * 1024 * 1024 });
    const address = '0x00000000000000000000000000000000000000bb';
    for (const { bundle } of readSyntheaBundles()) {
      const prepared = prepareSyntheaBundle(bundle, address);
      const types = new Set(prepared.entry?.map((e) => e.resource?.resourceType));
      expect(types.has('Claim' as never)).toBe(false);
      const result = await call('POST', '', { body: prepared });
      expect(result.status, JSON.stringify(result.json?.issue ?? result.json).slice(0, 800)).toBe(200);
    }
    const organisations = await call('GET', '/Organization?_count=1000');
    const names = (organisations.json as unknown as Bundle).entry?.map(
      (e) => (e.resource as { name?: string }).name,
    );
    expect(new Set(names).size).toBe(names?.length);
  });
});
