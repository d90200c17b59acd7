import { expect, it } from 'vitest';
import { SUPPORTED_RESOURCE_TYPES } from '../../fhir/supportedResourceTypes.ts';
import { validateResource } from '../../fhir/validateResource.ts';
import { ANCHOR_TAG_SYSTEM } from '../../records/service/anchorTag.ts';
import type { RecordStore } from '../../records/store/RecordStore.ts';
import { createTestFhirApp } from './createTestFhirApp.ts';

const patient = {
  resourceType: 'Patient',
  identifier: [{ system: 'urn:mrn', value: '42' }],
  name: [{ family: 'Chalmers' }],
  birthDate: '1974-12-25',
};
const observation = (subject: string, date: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
  subject: { reference: subject },
  effectiveDateTime: date,
});

/**
 * The FHIR REST API held to one suite, run in process against each record store (memory in unit tests, SQLite
 * on a temp file in the integration test): every interaction and its headers.
 */
export function fhirApiSuite(makeStore: () => Promise<RecordStore>): void {
  const setup = async () => createTestFhirApp({ store: await makeStore() });

  it('serves an accurate CapabilityStatement without authentication', async () => {
    const { app } = await setup();
    const response = await app.request('/fhir/R4/metadata');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/fhir+json; charset=utf-8');
    const statement = (await response.json()) as {
      rest: { resource: { type: string; searchParam: { name: string }[] }[] }[];
    };
    expect(validateResource(statement, { anyResourceType: true }).ok).toBe(true);
    const resources = statement.rest[0]?.resource ?? [];
    expect(resources).toHaveLength(SUPPORTED_RESOURCE_TYPES.length);
    const params = (type: string) => resources.find((r) => r.type === type)?.searchParam.map((p) => p.name);
    expect(params('Observation')).toEqual([
      '_id',
      '_lastUpdated',
      'identifier',
      'patient',
      'subject',
      'code',
      'category',
      'date',
      'status',
    ]);
    expect(params('Condition')).not.toContain('date');
  });

  it('creates (201, Location, ETag, Last-Modified, anchor header) and reads back', async () => {
    const { call, vault } = await setup();
    const created = await call('POST', '/Patient', { body: patient });
    expect(created.status).toBe(201);
    const id = String(created.json?.id);
    expect(created.headers.get('Location')).toBe(`http://localhost/fhir/R4/Patient/${id}/_history/1`);
    expect(created.headers.get('ETag')).toBe('W/"1"');
    expect(created.headers.get('Last-Modified')).toBe('Fri, 01 Mar 2024 08:00:00 GMT');
    expect(created.headers.get('X-Caduceus-Anchor')).toBe('pending');
    vault.verifier.verified({ resourceType: 'Patient', id, versionId: 1 });
    const read = await call('GET', `/Patient/${id}`);
    expect([read.status, read.headers.get('X-Caduceus-Anchor'), read.headers.get('ETag')]).toEqual([
      200,
      'verified',
      'W/"1"',
    ]);
    expect((read.json?.meta as { tag?: unknown[] } | undefined)?.tag).toEqual([
      expect.objectContaining({ system: ANCHOR_TAG_SYSTEM, code: 'verified' }),
    ]);
    expect((await call('GET', `/Patient/${id}/_history/1`)).status).toBe(200);
    expect(
      (await call('POST', '/Patient', { body: patient, headers: { Prefer: 'return=minimal' } })).text,
    ).toBe('');
    const asOutcome = await call('POST', '/Patient', {
      body: patient,
      headers: { Prefer: 'return=OperationOutcome' },
    });
    expect(asOutcome.json?.resourceType).toBe('OperationOutcome');
  });

  it('updates with If-Match (412 on a stale version), refuses id mismatches, deletes (410 after)', async () => {
    const { call } = await setup();
    const id = String((await call('POST', '/Patient', { body: patient })).json?.id);
    const updated = await call('PUT', `/Patient/${id}`, {
      body: { ...patient, id, gender: 'male' },
      headers: { 'If-Match': 'W/"1"' },
    });
    expect([updated.status, updated.headers.get('ETag')]).toEqual([200, 'W/"2"']);
    const stale = await call('PUT', `/Patient/${id}`, {
      body: { ...patient, id },
      headers: { 'If-Match': 'W/"1"' },
    });
    expect([stale.status, stale.json?.issue?.[0]?.diagnostics]).toEqual([
      412,
      expect.stringContaining('current version is 2'),
    ]);
    const mismatch = await call('PUT', `/Patient/${id}`, { body: { ...patient, id: 'other' } });
    expect([mismatch.status, mismatch.json?.issue?.[0]?.expression]).toEqual([400, ['id']]);
    const createdByPut = await call('PUT', '/Patient/chosen-id', { body: { ...patient, id: 'chosen-id' } });
    expect([createdByPut.status, createdByPut.headers.get('Location')]).toEqual([
      201,
      'http://localhost/fhir/R4/Patient/chosen-id/_history/1',
    ]);
    expect((await call('DELETE', `/Patient/${id}`)).status).toBe(200);
    expect((await call('GET', `/Patient/${id}`)).status).toBe(410);
    const history = await call('GET', `/Patient/${id}/_history`);
    expect([history.status, history.json?.total]).toEqual([200, 3]);
  });

  it('conditionally creates on If-None-Exist: 201, then 200 with the match', async () => {
    const { call } = await setup();
    const headers = { 'If-None-Exist': 'identifier=urn:mrn|42' };
    const first = await call('POST', '/Patient', { body: patient, headers });
    const second = await call('POST', '/Patient', { body: patient, headers });
    expect([first.status, second.status, second.json?.id]).toEqual([201, 200, first.json?.id]);
  });

  it('searches with paging links, by GET and by POST _search, and reports unknown parameters', async () => {
    const { call } = await setup();
    for (const day of ['01', '02', '03'])
      await call('POST', '/Observation', { body: observation('Patient/p1', `2024-01-${day}`) });
    const page = await call('GET', '/Observation?patient=p1&date=ge2024-01-02&_sort=-date&_count=1');
    expect([page.status, page.json?.total, (page.json?.entry as unknown[] | undefined)?.length]).toEqual([
      200, 2, 1,
    ]);
    const links = page.json?.link as { relation: string; url: string }[];
    expect(links.find((l) => l.relation === 'next')?.url).toBe(
      'http://localhost/fhir/R4/Observation?patient=p1&date=ge2024-01-02&_sort=-date&_count=1&_offset=1',
    );
    const next = await call(
      'GET',
      new URL(links[1]?.url ?? '').pathname.replace('/fhir/R4', '') + new URL(links[1]?.url ?? '').search,
    );
    expect(
      (next.json?.entry as { resource: { effectiveDateTime: string } }[] | undefined)?.[0]?.resource
        .effectiveDateTime,
    ).toBe('2024-01-02');
    const posted = await call('POST', '/Observation/_search', {
      body: 'code=http://loinc.org|718-7&_count=5',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect([posted.status, posted.json?.total]).toEqual([200, 3]);
    const unknown = await call('GET', '/Observation?colour=blue');
    expect([unknown.status, unknown.json?.issue?.[0]?.diagnostics]).toEqual([
      400,
      "Unknown search parameter 'colour' for Observation",
    ]);
    const lenient = await call('GET', '/Observation?colour=blue', {
      headers: { Prefer: 'handling=lenient' },
    });
    expect([lenient.status, lenient.json?.total]).toEqual([200, 3]);
    expect((await call('GET', '/Observation/_history')).json?.total).toBe(3);
  });

  it('runs a transaction Bundle and rolls it back on a failing entry', async () => {
    const { call } = await setup();
    const entry = (resource: unknown, fullUrl?: string) => ({
      ...(fullUrl ? { fullUrl } : {}),
      resource,
      request: { method: 'POST', url: (resource as { resourceType: string }).resourceType },
    });
    const ok = await call('POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [entry(patient, 'urn:uuid:a'), entry(observation('urn:uuid:a', '2024-01-01'))],
      },
    });
    expect([ok.status, ok.json?.type]).toEqual([200, 'transaction-response']);
    const failing = await call('POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [entry(patient), entry({ resourceType: 'Observation', status: 'final' })],
      },
    });
    expect([failing.status, failing.json?.issue?.[0]?.expression?.[0]]).toEqual([400, 'Bundle.entry[1]']);
    expect((await call('GET', '/Patient')).json?.total).toBe(1);
  });
}
