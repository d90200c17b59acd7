import { validateResource } from '@medplum/core';
import type { Address } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFhirDefinitions } from '../fhir/loadFhirDefinitions.ts';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { ConsentIndex } from './ConsentIndex.ts';
import { consentResourceOf, grantIdentifierValue } from './consentResourceOf.ts';
import { grantFromConsent } from './grantFromConsent.ts';
import { ConsentPurpose } from './purposeOfUse.ts';
import { categoryScope, recordScope, resourceTypeScope, ScopeKind } from './scopeValues.ts';
import { testAddresses as a, ConsentEventFactory } from './testing/ConsentEventFactory.ts';

const S = 1_700_000_000n;
const registry: Address = '0x00000000000000000000000000000000000000C0';
const OBS = 'http://terminology.hl7.org/CodeSystem/observation-category';

function setup() {
  const index = new ConsentIndex(openSqliteDatabase(':memory:'));
  return { index, events: new ConsentEventFactory(index, S) };
}

beforeAll(() => loadFhirDefinitions());

describe('consentResourceOf', () => {
  it('shows a grant as a valid R4 Consent with grantee, purposes, period, scope and identifier', () => {
    const { index, events } = setup();
    const grantId = events.grant({
      scopeValues: [resourceTypeScope('Observation'), resourceTypeScope('Condition')],
      purposes: ConsentPurpose.TREATMENT | ConsentPurpose.RESEARCH,
      notBefore: S,
      expiresAt: S + 86_400n,
    });
    const grant = index.grant(grantId);
    if (!grant) throw new Error('not indexed');
    const consent = consentResourceOf(grant, {
      chainId: 1337,
      registry,
      at: new Date(Number(S) * 1000),
      patientReference: 'Patient/p1',
    });
    expect(() => validateResource(consent)).not.toThrow();
    expect(consent).toMatchObject({
      resourceType: 'Consent',
      status: 'active',
      identifier: [
        { system: 'urn:caduceus:consent-grant', value: `eip155:1337:${registry.toLowerCase()}:${grantId}` },
      ],
      patient: { reference: 'Patient/p1', identifier: { value: a.patient } },
      dateTime: '2023-11-14T22:13:21.000Z',
      provision: {
        type: 'permit',
        period: { start: '2023-11-14T22:13:20.000Z', end: '2023-11-15T22:13:20.000Z' },
        actor: [
          { reference: { identifier: { system: 'urn:caduceus:ethereum-address', value: a.hospital } } },
        ],
        purpose: [
          { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' },
          { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HRESCH' },
        ],
        class: [
          { system: 'http://hl7.org/fhir/resource-types', code: 'Observation' },
          { system: 'http://hl7.org/fhir/resource-types', code: 'Condition' },
        ],
      },
    });
    expect(grantIdentifierValue(1337, registry, grantId)).toBe(consent.identifier?.[0]?.value);
  });

  it('turns inactive when revoked (with the revocation time) or expired', () => {
    const { index, events } = setup();
    const revoked = events.grant({ scopeValues: [resourceTypeScope('Observation')] });
    events.revoke(revoked);
    const expiring = events.grant({ scopeValues: [resourceTypeScope('Observation')], expiresAt: S + 50n });
    const options = { chainId: 1337, registry, at: new Date(Number(S + 10n) * 1000) };
    const shown = consentResourceOf(index.grant(revoked) ?? fail(), options);
    expect(shown.status).toBe('inactive');
    expect(shown.extension).toEqual([
      { url: 'urn:caduceus:consent-revoked-at', valueDateTime: expect.any(String) },
    ]);
    expect(consentResourceOf(index.grant(expiring) ?? fail(), options).status).toBe('active');
    expect(
      consentResourceOf(index.grant(expiring) ?? fail(), { ...options, at: new Date(Number(S + 50n) * 1000) })
        .status,
    ).toBe('inactive');
  });

  it('reads back to the same grant for every scope kind, known or unknown to this node', () => {
    const { index, events } = setup();
    index.rememberScope({ kind: ScopeKind.Records, resourceType: 'Observation', id: 'lab-1' });
    const cases = [
      { scopeKind: ScopeKind.ResourceTypes, scopeValues: [resourceTypeScope('Immunization')] },
      {
        scopeKind: ScopeKind.Categories,
        scopeValues: [categoryScope(OBS, 'laboratory'), categoryScope('urn:x', 'y')],
      },
      {
        scopeKind: ScopeKind.Records,
        scopeValues: [recordScope('Observation', 'lab-1'), recordScope('Flag', 'f')],
      },
    ] as const;
    for (const scope of cases) {
      const grant = index.grant(events.grant({ ...scope, purposes: ConsentPurpose.PUBLIC_HEALTH })) ?? fail();
      const consent = consentResourceOf(grant, {
        chainId: 1337,
        registry,
        at: new Date(Number(S) * 1000),
        labelOf: (value) => index.scopeLabel(value),
      });
      expect(() => validateResource(consent)).not.toThrow();
      const { grant: back } = grantFromConsent(consent, { nonce: 7n, deadline: S + 3600n });
      expect(back).toEqual({
        patient: a.patient,
        grantee: a.hospital,
        scopeKind: grant.scopeKind,
        scopeValues: grant.scopeValues,
        purposes: ConsentPurpose.PUBLIC_HEALTH,
        notBefore: 0n,
        expiresAt: grant.expiresAt,
        nonce: 7n,
        deadline: S + 3600n,
      });
    }
  });
});

function fail(): never {
  throw new Error('grant not indexed');
}
