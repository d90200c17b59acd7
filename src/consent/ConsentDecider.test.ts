import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { ConsentDecider, type ConsentRequest } from './ConsentDecider.ts';
import { ConsentIndex } from './ConsentIndex.ts';
import { InvalidPurposeOfUseError } from './consentErrors.ts';
import { ConsentPurpose } from './purposeOfUse.ts';
import { categoryScope, recordScope, resourceTypeScope, ScopeKind } from './scopeValues.ts';
import { testAddresses as a, ConsentEventFactory } from './testing/ConsentEventFactory.ts';

const S = 1_700_000_000n;
const at = (seconds: bigint) => new Date(Number(seconds) * 1000);
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const LAB = categoryScope(OBS_CATEGORY, 'laboratory');
const labResult = {
  type: 'Observation',
  id: 'lab-1',
  categories: [{ system: OBS_CATEGORY, code: 'laboratory' }],
};

function setup() {
  const index = new ConsentIndex(openSqliteDatabase(':memory:'));
  const events = new ConsentEventFactory(index, S);
  const decider = new ConsentDecider(index);
  const ask = (overrides: Partial<ConsentRequest> = {}) =>
    decider.decide({
      patient: a.patient,
      grantee: a.hospital,
      purposeOfUse: 'TREAT',
      resource: labResult,
      at: at(S + 10n),
      ...overrides,
    });
  return { index, events, decider, ask };
}

describe('ConsentDecider.decide', () => {
  it('permits under a grant in force for the type, and names the grant', () => {
    const { events, ask } = setup();
    const grantId = events.grant({ scopeValues: [resourceTypeScope('Observation')] });
    expect(ask()).toEqual({
      decision: 'permit',
      reason: 'granted',
      grantId,
      breakTheGlass: false,
      purposeOfUse: 'TREAT',
      message: expect.any(String),
    });
  });

  it('denies with no grant at all', () => {
    expect(setup().ask()).toMatchObject({ decision: 'deny', reason: 'no-grant', breakTheGlass: false });
  });

  it('denies the wrong grantee, and permits when any of the requester identities is the grantee', () => {
    const { events, ask } = setup();
    events.grant({ scopeValues: [resourceTypeScope('Observation')], grantee: a.clinic });
    expect(ask()).toMatchObject({ decision: 'deny', reason: 'wrong-grantee' });
    expect(ask({ grantee: [a.practitioner, a.clinic] })).toMatchObject({ decision: 'permit' });
    // addresses compare case-insensitively
    expect(ask({ grantee: a.clinic.toLowerCase() as `0x${string}` })).toMatchObject({ decision: 'permit' });
  });

  it('treats expiresAt as exclusive and notBefore as inclusive, like the contract', () => {
    const { events, ask } = setup();
    events.grant({ scopeValues: [resourceTypeScope('Observation')], notBefore: S + 20n, expiresAt: S + 30n });
    expect(ask({ at: at(S + 19n) })).toMatchObject({ decision: 'deny', reason: 'not-yet-valid' });
    expect(ask({ at: new Date(Number(S + 20n) * 1000 + 999) })).toMatchObject({ decision: 'permit' });
    expect(ask({ at: new Date(Number(S + 30n) * 1000 - 1) })).toMatchObject({ decision: 'permit' });
    expect(ask({ at: at(S + 30n) })).toMatchObject({ decision: 'deny', reason: 'expired' });
  });

  it('denies a revoked grant, however long it still had to run', () => {
    const { events, ask } = setup();
    const grantId = events.grant({
      scopeValues: [resourceTypeScope('Observation')],
      expiresAt: S + 10n ** 6n,
    });
    expect(ask()).toMatchObject({ decision: 'permit' });
    events.revoke(grantId);
    expect(ask()).toMatchObject({ decision: 'deny', reason: 'revoked' });
  });

  it('denies the wrong purpose, and needs every purpose bit', () => {
    const { events, ask } = setup();
    events.grant({ scopeValues: [resourceTypeScope('Observation')], purposes: ConsentPurpose.RESEARCH });
    expect(ask()).toMatchObject({ decision: 'deny', reason: 'wrong-purpose' });
    expect(ask({ purposeOfUse: 'HRESCH' })).toMatchObject({ decision: 'permit', purposeOfUse: 'HRESCH' });
    expect(ask({ purposeOfUse: 'PUBHLTH' })).toMatchObject({ decision: 'deny', reason: 'wrong-purpose' });
  });

  it('denies the wrong scope: another type, another category, another record, or a value signed as another kind', () => {
    const { events, ask } = setup();
    events.grant({ scopeValues: [resourceTypeScope('Condition')] });
    expect(ask()).toMatchObject({ decision: 'deny', reason: 'wrong-scope' });
    events.grant({
      scopeKind: ScopeKind.Categories,
      scopeValues: [categoryScope(OBS_CATEGORY, 'vital-signs')],
    });
    expect(ask()).toMatchObject({ decision: 'deny', reason: 'wrong-scope' });
    events.grant({ scopeKind: ScopeKind.Records, scopeValues: [recordScope('Observation', 'lab-2')] });
    expect(ask()).toMatchObject({ decision: 'deny', reason: 'wrong-scope' });
    events.grant({ scopeKind: ScopeKind.ResourceTypes, scopeValues: [recordScope('Observation', 'lab-1')] });
    expect(ask()).toMatchObject({ decision: 'deny', reason: 'wrong-scope' });
  });

  it('permits by category and by single record', () => {
    const categories = setup();
    const byCategory = categories.events.grant({ scopeKind: ScopeKind.Categories, scopeValues: [LAB] });
    expect(categories.ask()).toMatchObject({ decision: 'permit', grantId: byCategory });
    expect(categories.ask({ resource: { type: 'Observation', id: 'lab-1' } })).toMatchObject({
      decision: 'deny',
      reason: 'wrong-scope',
    });
    const records = setup();
    const byRecord = records.events.grant({
      scopeKind: ScopeKind.Records,
      scopeValues: [recordScope('Observation', 'lab-1')],
    });
    expect(records.ask()).toMatchObject({ decision: 'permit', grantId: byRecord });
    expect(records.ask({ resource: { ...labResult, id: 'lab-2' } })).toMatchObject({ reason: 'wrong-scope' });
  });

  it('reports the grant that came closest, and permits if any grant covers', () => {
    const { events, ask } = setup();
    const revoked = events.grant({ scopeValues: [resourceTypeScope('Observation')] });
    events.grant({ scopeValues: [resourceTypeScope('Condition')] });
    events.revoke(revoked);
    expect(ask()).toMatchObject({ decision: 'deny', reason: 'revoked' });
    const covering = events.grant({ scopeKind: ScopeKind.Categories, scopeValues: [LAB] });
    expect(ask()).toMatchObject({ decision: 'permit', grantId: covering });
  });

  it('allows break-the-glass only with a reason, and always flags it', () => {
    const { events, ask } = setup();
    expect(
      ask({ purposeOfUse: 'ETREAT', breakTheGlassReason: 'Unconscious in the ED, allergies unknown' }),
    ).toEqual({
      decision: 'permit',
      reason: 'break-the-glass',
      breakTheGlass: true,
      purposeOfUse: 'ETREAT',
      message: expect.any(String),
    });
    expect(ask({ purposeOfUse: 'ETREAT' })).toMatchObject({
      decision: 'deny',
      reason: 'break-the-glass-reason-missing',
      breakTheGlass: true,
    });
    expect(ask({ purposeOfUse: 'ETREAT', breakTheGlassReason: '   ' })).toMatchObject({ decision: 'deny' });
    const grantId = events.grant({ scopeValues: [resourceTypeScope('Observation')] });
    expect(ask({ purposeOfUse: 'ETREAT', breakTheGlassReason: 'cardiac arrest' })).toMatchObject({
      decision: 'permit',
      breakTheGlass: true,
      grantId,
    });
  });

  it("applies the custodian's policy to its own clinicians, for treatment only", () => {
    const { ask } = setup();
    const own = { ownClinician: true, grantee: a.practitioner } as const;
    expect(ask({ ...own, custodianPolicy: 'implied-for-treatment' })).toMatchObject({
      decision: 'permit',
      reason: 'implied-for-treatment',
    });
    expect(ask({ ...own, custodianPolicy: 'consent-required' })).toMatchObject({
      decision: 'deny',
      reason: 'no-grant',
    });
    expect(ask({ ...own })).toMatchObject({ decision: 'deny' });
    expect(ask({ ...own, custodianPolicy: 'implied-for-treatment', purposeOfUse: 'HRESCH' })).toMatchObject({
      decision: 'deny',
    });
    expect(ask({ grantee: a.practitioner, custodianPolicy: 'implied-for-treatment' })).toMatchObject({
      decision: 'deny',
    });
  });

  it('refuses an unknown purpose of use with a typed error', () => {
    expect(() => setup().ask({ purposeOfUse: 'MARKETING' })).toThrow(InvalidPurposeOfUseError);
  });
});
