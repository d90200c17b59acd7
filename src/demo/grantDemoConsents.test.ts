import { describe, expect, it } from 'vitest';
import { grantFromConsent } from '../consent/grantFromConsent.ts';
import { ConsentPurpose } from '../consent/purposeOfUse.ts';
import { resourceTypeScope, ScopeKind } from '../consent/scopeValues.ts';
import { demoConsent, RESEARCH_TYPES, TREATMENT_TYPES } from './grantDemoConsents.ts';

const patient = '0x1111111111111111111111111111111111111111';
const hospital = '0x2222222222222222222222222222222222222222';

describe('demoConsent', () => {
  it('is a FHIR Consent the node turns into the grant the patient means: treatment of the whole record', () => {
    const { grant } = grantFromConsent(demoConsent(patient, hospital, 'TREAT', TREATMENT_TYPES), {
      nonce: 3n,
      deadline: 100n,
    });
    expect(grant).toMatchObject({
      patient,
      grantee: hospital,
      scopeKind: ScopeKind.ResourceTypes,
      nonce: 3n,
    });
    expect(grant.purposes).toBe(ConsentPurpose.TREATMENT);
    expect(grant.scopeValues).toEqual(TREATMENT_TYPES.map((type) => resourceTypeScope(type)));
    expect(grant.expiresAt).toBe(2n ** 64n - 1n);
  });

  it('limits a research grant to research and to measurements and diagnoses', () => {
    const { grant } = grantFromConsent(demoConsent(patient, hospital, 'HRESCH', RESEARCH_TYPES), {
      nonce: 0n,
      deadline: 100n,
    });
    expect(grant.purposes).toBe(ConsentPurpose.RESEARCH);
    expect(grant.scopeValues).toEqual([resourceTypeScope('Observation'), resourceTypeScope('Condition')]);
    expect(grant.scopeValues).not.toContain(resourceTypeScope('Patient'));
  });
});
