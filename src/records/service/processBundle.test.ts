import type { Bundle, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirOutcomeError } from './errors.ts';
import { createTestVault, treating } from './testing/createTestVault.ts';

const observation = (subject: string): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'Hb' },
  subject: { reference: subject },
});

describe('transaction Bundles', () => {
  it('commits everything, in FHIR order, with urn:uuid references rewritten to the assigned ids', async () => {
    const vault = createTestVault();
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:o',
          resource: observation('urn:uuid:p'),
          request: { method: 'POST', url: 'Observation' },
        },
        {
          fullUrl: 'urn:uuid:p',
          resource: { resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: '7' }] },
          request: { method: 'POST', url: 'Patient' },
        },
        { request: { method: 'GET', url: 'Observation?subject=urn:uuid:p' } },
      ],
    };
    const response = await vault.service.bundle(treating, bundle);
    expect(response.type).toBe('transaction-response');
    const [obs, pat] = response.entry ?? [];
    expect(obs?.response?.status).toBe('201 Created');
    expect((obs?.resource as Observation | undefined)?.subject?.reference).toBe(
      `Patient/${pat?.resource?.id}`,
    );
    expect(pat?.response?.location).toBe(`Patient/${pat?.resource?.id}/_history/1`);
    const stored = await vault.service.read(treating, 'Observation', obs?.resource?.id ?? '');
    expect((stored.resource as Observation).subject?.reference).toBe(`Patient/${pat?.resource?.id}`);
  });

  it('rolls back every entry when one fails, answering with that entry’s status and position', async () => {
    const vault = createTestVault();
    await vault.service.create(treating, 'Patient', { resourceType: 'Patient' });
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { resourceType: 'Patient', gender: 'female' },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: { resourceType: 'Patient', id: 'id-1', active: true },
          request: { method: 'PUT', url: 'Patient/id-1' },
        },
        {
          resource: { resourceType: 'Patient', gender: 'x' } as never,
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    };
    const error = await vault.service.bundle(treating, bundle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirOutcomeError);
    const { status, outcome } = (error as FhirOutcomeError).outcome;
    expect(status).toBe(400);
    expect(outcome.issue?.[0]?.diagnostics).toMatch(/^Bundle\.entry\[2\]: .*rolled back/);
    expect(outcome.issue?.[0]?.expression?.[0]).toBe('Bundle.entry[2]');
    expect((await vault.store.readCurrent('Patient', 'id-1'))?.versionId).toBe(1);
    expect((await vault.service.search(treating, 'Patient', [])).total).toBe(1);
    // FHIR order: both POSTs run before the PUT, so the failing POST stops the transaction before the update.
    expect(vault.audit.events.slice(1, 3).map((e) => [e.action, e.outcome, e.reason])).toEqual([
      ['create', 'failure', 'transaction rolled back'],
      ['create', 'failure', expect.stringContaining('gender')],
    ]);
    expect(vault.audit.events.some((e) => e.action === 'update')).toBe(false);
  });

  it('refuses a Bundle that is not a transaction or batch, and malformed entries', async () => {
    const vault = createTestVault();
    const status = (body: unknown) =>
      vault.service.bundle(treating, body).then(
        () => 'ok',
        (e: FhirOutcomeError) => e.outcome.status,
      );
    expect(await status({ resourceType: 'Patient' })).toBe(400);
    expect(await status({ resourceType: 'Bundle', type: 'collection' })).toBe(400);
    expect(
      await status({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ request: { method: 'PATCH', url: 'Patient/1' } }],
      }),
    ).toBe(400);
  });
});

describe('batch Bundles', () => {
  it('processes entries independently, each with its own outcome', async () => {
    const vault = createTestVault();
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: 'Patient/missing' } },
        { request: { method: 'GET', url: 'Patient/id-1' } },
        { request: { method: 'DELETE', url: 'Patient/id-1' } },
        { request: { method: 'GET', url: 'Patient/id-1/_history/1' } },
        { request: { method: 'GET', url: 'Patient/id-1/_history' } },
        { request: { method: 'GET', url: 'Nope?x' } },
        { request: { method: 'GET' } } as never,
      ],
    };
    const response = await vault.service.bundle(treating, bundle);
    expect(response.type).toBe('batch-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual([
      '201 Created',
      '404',
      '200 OK',
      '200 OK',
      '200 OK',
      '200 OK',
      '404',
      '400',
    ]);
    expect(response.entry?.[1]?.response?.outcome?.issue?.[0]?.diagnostics).toBe('Patient/missing not found');
    expect((response.entry?.[5]?.resource as Bundle | undefined)?.total).toBe(2);
  });
});
