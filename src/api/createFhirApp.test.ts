import { describe, expect, it } from 'vitest';
import type { AccessPolicy } from '../records/service/AccessPolicy.ts';
import { MemoryRecordStore } from '../records/store/MemoryRecordStore.ts';
import { createTestFhirApp } from './testing/createTestFhirApp.ts';
import { fhirApiSuite } from './testing/fhirApiSuite.ts';

describe('FHIR API on MemoryRecordStore', () => {
  fhirApiSuite(async () => new MemoryRecordStore());
});

const patient = { resourceType: 'Patient', name: [{ family: 'Chalmers' }] };

describe('FHIR API error paths: always an OperationOutcome, never a stack, never a 500 for bad input', () => {
  const { app, call, vault } = createTestFhirApp({ maxBodyBytes: 2048 });
  const expectOutcome = (
    result: Awaited<ReturnType<typeof call>>,
    status: number,
    code: string,
    diagnostics: RegExp,
  ) => {
    expect(result.status).toBe(status);
    expect(result.json?.resourceType).toBe('OperationOutcome');
    expect(result.json?.issue?.[0]?.code).toBe(code);
    expect(result.json?.issue?.[0]?.diagnostics).toMatch(diagnostics);
    expect(result.text).not.toMatch(/\n\s+at /);
  };

  it('401 without a valid token, with WWW-Authenticate', async () => {
    const result = await call('GET', '/Patient', { headers: { Authorization: 'Bearer forged' } });
    expectOutcome(result, 401, 'login', /bearer token/);
    expect(result.headers.get('WWW-Authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('400 without X-Purpose-Of-Use, with an unknown one, and for ETREAT without a reason', async () => {
    expectOutcome(
      await call('GET', '/Patient', { headers: { 'X-Purpose-Of-Use': '' } }),
      400,
      'required',
      /X-Purpose-Of-Use is required \(one of TREAT/,
    );
    expectOutcome(
      await call('GET', '/Patient', { headers: { 'X-Purpose-Of-Use': 'treat' } }),
      400,
      'invalid',
      /did you mean TREAT/,
    );
    expectOutcome(
      await call('GET', '/Patient', { headers: { 'X-Purpose-Of-Use': 'ETREAT' } }),
      400,
      'invalid',
      /X-Break-The-Glass-Reason/,
    );
    const glass = await call('GET', '/Patient', {
      headers: { 'X-Purpose-Of-Use': 'ETREAT', 'X-Break-The-Glass-Reason': 'cardiac arrest' },
    });
    expect(glass.status).toBe(200);
    expect(vault.audit.events.at(-1)).toMatchObject({ purposeOfUse: 'ETREAT', action: 'search' });
  });

  it('400 for malformed JSON and empty bodies, 415 for other media types, 406 for non-JSON Accept', async () => {
    expectOutcome(
      await call('POST', '/Patient', { body: '{"resourceType": "Patient",' }),
      400,
      'structure',
      /not valid JSON/,
    );
    expectOutcome(await call('POST', '/Patient', { body: ' ' }), 400, 'structure', /empty/);
    expectOutcome(
      await call('POST', '/Patient', {
        body: '<Patient/>',
        headers: { 'Content-Type': 'application/fhir+xml' },
      }),
      415,
      'not-supported',
      /application\/fhir\+xml/,
    );
    expectOutcome(
      await call('GET', '/Patient', { headers: { Accept: 'application/fhir+xml' } }),
      406,
      'not-supported',
      /FHIR JSON/,
    );
    expectOutcome(await call('GET', '/Patient?_format=xml'), 406, 'not-supported', /FHIR JSON/);
  });

  it('413 beyond the body limit, declared or streamed', async () => {
    const big = JSON.stringify({
      ...patient,
      text: { status: 'generated', div: `<div>${'x'.repeat(4000)}</div>` },
    });
    expectOutcome(await call('POST', '/Patient', { body: big }), 413, 'too-long', /limit of 2048 bytes/);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        controller.close();
      },
    });
    const response = await app.request('/fhir/R4/Patient', {
      method: 'POST',
      headers: {
        Authorization: 'Bearer test:Practitioner/x',
        'X-Purpose-Of-Use': 'TREAT',
        'Content-Type': 'application/fhir+json',
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('404 for unknown types and routes, 405 for unsupported methods, 400 for invalid resources', async () => {
    expectOutcome(await call('GET', '/Patiant/1'), 404, 'not-supported', /'Patiant' is not supported/);
    expectOutcome(
      await call('POST', '/Bundle', { body: { resourceType: 'Bundle', type: 'collection' } }),
      404,
      'not-supported',
      /'Bundle'/,
    );
    expectOutcome(await call('GET', '/Patient/1/_history/1/extra'), 404, 'not-found', /No FHIR interaction/);
    expectOutcome(
      await call('PATCH', '/Patient/1', { body: [] }),
      405,
      'not-supported',
      /PATCH is not allowed/,
    );
    // An operation route's `$` is part of its path, so the wrong method on it is a 405 too.
    expectOutcome(
      await call('PATCH', '/Consent/$draft', { body: [] }),
      405,
      'not-supported',
      /PATCH is not allowed/,
    );
    const invalid = await call('POST', '/Patient', {
      body: { resourceType: 'Patient', gender: 'unknown-ish' },
    });
    expectOutcome(invalid, 400, 'code-invalid', /administrative-gender/);
    expect(invalid.json?.issue?.[0]?.expression).toEqual(['Patient.gender']);
    expectOutcome(
      await call('POST', '/Patient', { body: { resourceType: 'Observation' } }),
      400,
      'invalid',
      /Expected a Patient/,
    );
    expectOutcome(await call('GET', '/Patient/nope'), 404, 'not-found', /Patient\/nope not found/);
  });

  it('500 that names an integrity failure (bytes never served), and a bare 500 for the unexpected', async () => {
    const id = String((await call('POST', '/Patient', { body: patient })).json?.id);
    vault.verifier.set(
      { resourceType: 'Patient', id, versionId: 1 },
      { status: 'mismatch', reason: 'root not on chain' },
    );
    const tampered = await call('GET', `/Patient/${id}`);
    expectOutcome(tampered, 500, 'exception', /failed integrity verification/);
    expect(tampered.text).not.toContain('Chalmers');
    const broken = createTestFhirApp({
      store: Object.assign(new MemoryRecordStore(), {
        readCurrent: () => Promise.reject(new Error('disk on fire')),
      }),
    });
    const result = await broken.call('GET', '/Patient/x');
    expectOutcome(result, 500, 'exception', /^Internal server error$/);
    expect(result.text).not.toContain('disk on fire');
  });

  it('403 with the policy’s reason when access is denied', async () => {
    const denyAll: AccessPolicy = {
      authorize: () => ({ decision: 'deny', reason: 'No consent from the patient' }),
      filterForSearch: () => ({ kind: 'none', reason: 'No consent from the patient' }),
    };
    const denied = createTestFhirApp({ policy: denyAll });
    expectOutcome(await denied.call('POST', '/Patient', { body: patient }), 403, 'forbidden', /No consent/);
    expect(denied.vault.audit.events.at(-1)).toMatchObject({ action: 'create', outcome: 'denied' });
  });
});
