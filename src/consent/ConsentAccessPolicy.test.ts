import type { Observation, Patient } from '@medplum/fhirtypes';
import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import type { AccessContext } from '../records/service/AccessPolicy.ts';
import { ConsentAccessPolicy } from './ConsentAccessPolicy.ts';
import { ConsentDecider } from './ConsentDecider.ts';
import { ConsentIndex } from './ConsentIndex.ts';
import { CONSENT_SCOPE_SEARCH_PARAM } from './PermittedFilter.ts';
import { categoryScope, ScopeKind } from './scopeValues.ts';
import { testAddresses as a, ConsentEventFactory } from './testing/ConsentEventFactory.ts';

const S = 1_700_000_000n;
const OBS = 'http://terminology.hl7.org/CodeSystem/observation-category';
const observation = (id: string, code: string, patient = 'Patient/p1'): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  category: [{ coding: [{ system: OBS, code }] }],
  code: { text: 'x' },
  subject: { reference: patient },
});
const ctx = (overrides: Partial<AccessContext> = {}): AccessContext => ({
  subject: 'Practitioner/a',
  purposeOfUse: 'TREAT',
  scopes: ['user/*.cruds'],
  ...overrides,
});

function policy(options: { scopeAllows?: () => boolean } = {}) {
  const index = new ConsentIndex(openSqliteDatabase(':memory:'));
  const events = new ConsentEventFactory(index, S);
  // The patient lets the practitioner see laboratory results (not vital signs) for treatment.
  events.grant({
    grantee: a.practitioner,
    scopeKind: ScopeKind.Categories,
    scopeValues: [categoryScope(OBS, 'laboratory')],
  });
  const addresses: Record<string, Address> = { 'Patient/p1': a.patient };
  return new ConsentAccessPolicy({
    decider: new ConsentDecider(index),
    requesterOf: (subject) => ({
      grantees: subject === 'Practitioner/a' ? [a.practitioner] : [a.clinic],
      ownClinician: true,
    }),
    patientAddressOf: (reference) => addresses[reference],
    now: () => new Date(Number(S + 10n) * 1000),
    ...(options.scopeAllows ? { scopeAllows: options.scopeAllows } : {}),
  });
}

describe('ConsentAccessPolicy', () => {
  it('decides reads by the grants of the record’s patient, category and grantee', async () => {
    const p = policy();
    const read = (resource: Observation, context = ctx()) =>
      p.authorize(context, {
        interaction: 'read',
        resourceType: 'Observation',
        id: resource.id ?? '',
        resource,
      });
    expect(await read(observation('o1', 'laboratory'))).toEqual({ decision: 'permit' });
    expect((await read(observation('o2', 'vital-signs'))).decision).toBe('deny');
    expect((await read(observation('o1', 'laboratory'), ctx({ subject: 'Practitioner/b' }))).decision).toBe(
      'deny',
    );
    expect((await read(observation('o1', 'laboratory'), ctx({ purposeOfUse: 'HRESCH' }))).decision).toBe(
      'deny',
    );
    // A patient without an on-chain address can grant nothing.
    expect((await read(observation('o3', 'laboratory', 'Patient/p2'))).decision).toBe('deny');
    const btg = await read(
      observation('o2', 'vital-signs'),
      ctx({ subject: 'Practitioner/b', purposeOfUse: 'ETREAT', breakTheGlassReason: 'arrest' }),
    );
    expect(btg).toEqual({ decision: 'permit', breakTheGlass: true, reason: 'arrest' });
  });

  it('indexes consent-scope tokens that the search restriction selects', async () => {
    const p = policy();
    const lab = await p.indexTokens(observation('o1', 'laboratory'));
    const vitals = await p.indexTokens(observation('o2', 'vital-signs'));
    expect(lab.every((t) => t.param === CONSENT_SCOPE_SEARCH_PARAM && t.system === null)).toBe(true);
    const restriction = p.filterForSearch(ctx(), 'Observation');
    if (restriction.kind !== 'constrained') throw new Error(`expected constrained, got ${restriction.kind}`);
    const allowed = new Set(restriction.tokens?.[0]?.anyOf.map((alt) => alt.value));
    expect(lab.some((t) => allowed.has(t.value))).toBe(true);
    expect(vitals.some((t) => allowed.has(t.value))).toBe(false);
    expect(p.filterForSearch(ctx({ subject: 'Practitioner/b' }), 'Observation').kind).toBe('none');
    expect(p.filterForSearch(ctx({ subject: 'Practitioner/b' }), 'Practitioner').kind).toBe('unrestricted');
  });

  it('treats attachments as patient data: a Binary search is narrowed like any record of the patient', async () => {
    const p = policy();
    const binary = { resourceType: 'Binary', id: 'b1', contentType: 'application/pdf' } as const;
    const tokens = await p.indexTokens({ ...binary, securityContext: { reference: 'Patient/p1' } });
    expect(tokens.length).toBeGreaterThan(0);
    // The practitioner's grant covers laboratory results only, so it reaches none of the patient's attachments.
    const restriction = p.filterForSearch(ctx(), 'Binary');
    if (restriction.kind !== 'constrained') throw new Error(`expected constrained, got ${restriction.kind}`);
    const allowed = new Set(restriction.tokens?.[0]?.anyOf.map((alt) => alt.value));
    expect(tokens.some((t) => allowed.has(t.value))).toBe(false);
    expect(p.filterForSearch(ctx({ subject: 'Practitioner/b' }), 'Binary').kind).toBe('none');
  });

  it('lets writes and non-patient resources through, within the SMART scopes', async () => {
    const p = policy();
    const patient: Patient = { resourceType: 'Patient', id: 'p1' };
    expect(
      (
        await p.authorize(ctx(), {
          interaction: 'create',
          resourceType: 'Patient',
          id: 'p1',
          resource: patient,
        })
      ).decision,
    ).toBe('permit');
    const scoped = policy({ scopeAllows: () => false });
    const denied = await scoped.authorize(ctx(), { interaction: 'search', resourceType: 'Observation' });
    expect(denied).toMatchObject({ decision: 'deny' });
  });

  it('lets a patient read and search their own records, and nobody else’s, without a grant', async () => {
    const p = policy();
    const mine = ctx({ subject: 'Patient/p1', patient: 'Patient/p1', scopes: ['patient/*.rs'] });
    const read = (resource: Observation) =>
      p.authorize(mine, {
        interaction: 'read',
        resourceType: 'Observation',
        id: resource.id ?? '',
        resource,
      });
    expect(await read(observation('o2', 'vital-signs'))).toEqual({ decision: 'permit' });
    expect((await read(observation('o3', 'vital-signs', 'Patient/p2'))).decision).toBe('deny');
    expect(p.filterForSearch(mine, 'Observation')).toEqual({
      kind: 'constrained',
      tokens: [{ param: 'patient', anyOf: [{ system: null, value: 'Patient/p1' }] }],
    });
    expect(p.filterForSearch(mine, 'Patient')).toEqual({ kind: 'constrained', ids: ['p1'] });
    expect(p.filterForSearch(mine, 'Binary').kind).toBe('none');
  });
});
