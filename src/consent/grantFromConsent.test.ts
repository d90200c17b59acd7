import type { Consent, ConsentProvision } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ConsentMappingError } from './consentErrors.ts';
import { grantFromConsent } from './grantFromConsent.ts';
import { ConsentPurpose } from './purposeOfUse.ts';
import { categoryScope, recordScope, resourceTypeScope, ScopeKind } from './scopeValues.ts';
import { testAddresses as a } from './testing/ConsentEventFactory.ts';

const ADDRESS = 'urn:caduceus:ethereum-address';
const PURPOSE = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

function consent(provision: ConsentProvision, extra: Partial<Consent> = {}): Consent {
  return {
    resourceType: 'Consent',
    status: 'proposed',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: 'Patient/p1' },
    ...extra,
    provision,
  };
}

const clinic = { role: { text: 'recipient' }, reference: { reference: 'Organization/clinic' } };
const base: ConsentProvision = {
  type: 'permit',
  actor: [clinic],
  purpose: [{ system: PURPOSE, code: 'TREAT' }, { code: 'HPAYMT' }],
  period: { start: '2025-01-01T00:00:00Z', end: '2026-01-01T00:00:00Z' },
};
const options = {
  nonce: 3n,
  deadline: 1_800_000_000n,
  patient: a.patient,
  resolveActor: (ref: { reference?: string }) =>
    ref.reference === 'Organization/clinic' ? a.clinic : undefined,
};

describe('grantFromConsent', () => {
  it('drafts a grant of categories with the period in seconds and both purposes', () => {
    const draft = grantFromConsent(
      consent({ ...base, code: [{ coding: [{ system: 'http://loinc.org', code: 'LP7839-6' }] }] }),
      options,
    );
    expect(draft.grant).toEqual({
      patient: a.patient,
      grantee: a.clinic,
      scopeKind: ScopeKind.Categories,
      scopeValues: [categoryScope('http://loinc.org', 'LP7839-6')],
      purposes: ConsentPurpose.TREATMENT | ConsentPurpose.PAYMENT,
      notBefore: 1_735_689_600n,
      expiresAt: 1_767_225_600n,
      nonce: 3n,
      deadline: 1_800_000_000n,
    });
    expect(draft.labels).toEqual([
      { kind: ScopeKind.Categories, system: 'http://loinc.org', code: 'LP7839-6' },
    ]);
  });

  it('drafts types and records; no period means from now on, until revoked', () => {
    const types = grantFromConsent(
      consent({
        type: 'permit',
        actor: [clinic],
        purpose: [{ system: PURPOSE, code: 'TREAT' }],
        class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Observation' }],
      }),
      options,
    ).grant;
    expect(types).toMatchObject({
      scopeValues: [resourceTypeScope('Observation')],
      notBefore: 0n,
      expiresAt: 2n ** 64n - 1n,
    });
    const records = grantFromConsent(
      consent({ ...base, data: [{ meaning: 'instance', reference: { reference: 'Observation/lab-1' } }] }),
      options,
    ).grant;
    expect(records).toMatchObject({
      scopeKind: ScopeKind.Records,
      scopeValues: [recordScope('Observation', 'lab-1')],
    });
  });

  it('reads the patient and grantee from address identifiers', () => {
    const draft = grantFromConsent(
      consent(
        {
          ...base,
          actor: [
            {
              role: { text: 'recipient' },
              reference: { identifier: { system: ADDRESS, value: a.hospital } },
            },
          ],
          class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Condition' }],
        },
        { patient: { identifier: { system: ADDRESS, value: a.otherPatient } } },
      ),
      { nonce: 0n, deadline: 1n },
    );
    expect(draft.grant).toMatchObject({ patient: a.otherPatient, grantee: a.hospital });
  });

  it.each<[string, Consent, RegExp]>([
    ['a deny provision', consent({ ...base, type: 'deny', class: [] }), /Only permit/],
    ['an inactive consent', consent(base, { status: 'inactive' }), /status "inactive"/],
    ['no scope', consent(base), /exactly one of provision.class/],
    [
      'two scope kinds',
      consent({
        ...base,
        class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Condition' }],
        data: [{ meaning: 'instance', reference: { reference: 'Observation/1' } }],
      }),
      /exactly one of/,
    ],
    ['two grantees', consent({ ...base, actor: [clinic, clinic] }), /exactly one grantee/],
    [
      'an unknown grantee',
      consent({ ...base, actor: [{ ...clinic, reference: { reference: 'Organization/x' } }] }),
      /no known address/,
    ],
    [
      'no purpose',
      consent({
        ...base,
        purpose: [],
        class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Condition' }],
      }),
      /at least one purpose/,
    ],
    [
      'a foreign purpose system',
      consent({ ...base, purpose: [{ system: 'urn:x', code: 'TREAT' }] }),
      /purpose system/,
    ],
    [
      'an absolute record reference',
      consent({
        ...base,
        data: [{ meaning: 'instance', reference: { reference: 'https://x/Observation/1/_history/2' } }],
      }),
      /relative Type\/id/,
    ],
    [
      'a foreign class system',
      consent({ ...base, class: [{ system: 'urn:x', code: 'Observation' }] }),
      /resource-types/,
    ],
    [
      'a bad date',
      consent({
        ...base,
        period: { end: 'soon' },
        class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Condition' }],
      }),
      /not a dateTime/,
    ],
  ])('refuses %s with a ConsentMappingError', (_name, resource, message) => {
    const attempt = () => grantFromConsent(resource, options);
    expect(attempt).toThrow(ConsentMappingError);
    expect(attempt).toThrow(message);
  });

  it('refuses ETREAT as a granted purpose', () => {
    expect(() =>
      grantFromConsent(
        consent({
          ...base,
          purpose: [{ system: PURPOSE, code: 'ETREAT' }],
          class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Condition' }],
        }),
        options,
      ),
    ).toThrow(/cannot be granted/);
  });
});
