import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { ConsentIndex, ConsentIndexDatabaseError } from './ConsentIndex.ts';
import { categoryScope, recordScope, resourceTypeScope, ScopeKind } from './scopeValues.ts';
import { testAddresses as a, ConsentEventFactory } from './testing/ConsentEventFactory.ts';

const OBSERVATION = resourceTypeScope('Observation');
const CONDITION = resourceTypeScope('Condition');

function setup() {
  const index = new ConsentIndex(openSqliteDatabase(':memory:'));
  return { index, events: new ConsentEventFactory(index) };
}

describe('ConsentIndex', () => {
  it('mirrors a granted event with its scope values in signed order and block facts', () => {
    const { index, events } = setup();
    const grantId = events.grant({
      scopeValues: [CONDITION, OBSERVATION],
      purposes: 3,
      expiresAt: 2n ** 64n - 1n,
    });
    expect(index.grant(grantId)).toEqual({
      grantId,
      patient: a.patient.toLowerCase(),
      grantee: a.hospital.toLowerCase(),
      scopeKind: ScopeKind.ResourceTypes,
      scopeValues: [CONDITION, OBSERVATION],
      purposes: 3,
      notBefore: 0n,
      // uint64 max does not fit SQLite's int64: stored as its maximum, still "never expires"
      expiresAt: 2n ** 63n - 1n,
      grantedBlock: 101n,
      grantedAt: 1_700_000_001n,
      grantedTx: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      submitter: a.hospital.toLowerCase(),
      revokedBlock: undefined,
      revokedAt: undefined,
      revokedTx: undefined,
    });
  });

  it('records a revocation with its block, and ignores one for a grant it never saw', () => {
    const { index, events } = setup();
    const grantId = events.grant({ scopeValues: [OBSERVATION] });
    events.revoke(grantId);
    expect(index.grant(grantId)).toMatchObject({ revokedBlock: 102n, revokedAt: 1_700_000_002n });
    events.revoke(`0x${'ab'.repeat(32)}`);
    expect(index.grant(`0x${'ab'.repeat(32)}`)).toBeUndefined();
  });

  it('lists a patient’s grants oldest first, and grants to a set of grantees and patients', () => {
    const { index, events } = setup();
    const first = events.grant({ scopeValues: [OBSERVATION] });
    const second = events.grant({ scopeValues: [CONDITION], grantee: a.clinic });
    const third = events.grant({ scopeValues: [CONDITION], patient: a.otherPatient });
    expect(index.grantsOf(a.patient).map((g) => g.grantId)).toEqual([first, second]);
    expect(index.grantsTo([a.hospital]).map((g) => g.grantId)).toEqual([first, third]);
    expect(index.grantsTo([a.hospital, a.clinic], [a.patient]).map((g) => g.grantId)).toEqual([
      first,
      second,
    ]);
    expect(index.grantsTo([], [a.patient])).toEqual([]);
    expect(index.grantsTo([a.hospital], [])).toEqual([]);
  });

  it('refuses an event from another database, so its rows can never drift from the indexer cursor', () => {
    const { index } = setup();
    const other = openSqliteDatabase(':memory:');
    const event = {
      blockNumber: 1n,
      logIndex: 0,
      blockHash: `0x${'00'.repeat(32)}`,
      txHash: `0x${'00'.repeat(32)}`,
      txIndex: 0,
      contract: 'ConsentRegistry',
      address: a.hospital,
      event: 'ConsentRevoked',
      args: {},
      timestamp: undefined,
    } as const;
    expect(() => index.apply(event, other)).toThrow(ConsentIndexDatabaseError);
  });

  it('remembers the plain text behind scope values, computing the hash itself', () => {
    const { index } = setup();
    const lab = index.rememberScope({
      kind: ScopeKind.Categories,
      system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'laboratory',
    });
    expect(lab).toBe(
      categoryScope('http://terminology.hl7.org/CodeSystem/observation-category', 'laboratory'),
    );
    index.rememberScope({ kind: ScopeKind.Records, resourceType: 'Observation', id: 'lab-1' });
    expect(index.scopeLabel(lab)).toEqual({
      kind: ScopeKind.Categories,
      system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'laboratory',
    });
    expect(index.scopeLabel(recordScope('Observation', 'lab-1'))).toEqual({
      kind: ScopeKind.Records,
      resourceType: 'Observation',
      id: 'lab-1',
    });
    expect(index.scopeLabel(OBSERVATION)).toBeUndefined();
  });

  it('keeps its data when reopened (migrations apply once)', () => {
    const db = openSqliteDatabase(':memory:');
    const events = new ConsentEventFactory(new ConsentIndex(db));
    const grantId = events.grant({ scopeValues: [OBSERVATION] });
    expect(new ConsentIndex(db).grant(grantId)?.scopeValues).toEqual([OBSERVATION]);
  });
});
