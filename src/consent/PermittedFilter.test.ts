import type BetterSqlite3 from 'better-sqlite3';
import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { ConsentDecider, type ConsentRequester } from './ConsentDecider.ts';
import { ConsentIndex } from './ConsentIndex.ts';
import type { ConsentResource } from './grantCoverage.ts';
import { consentScopeTokensOf } from './PermittedFilter.ts';
import { ConsentPurpose } from './purposeOfUse.ts';
import { categoryScope, recordScope, resourceTypeScope, ScopeKind } from './scopeValues.ts';
import { testAddresses as a, ConsentEventFactory } from './testing/ConsentEventFactory.ts';

const S = 1_700_000_000n;
const now = new Date(Number(S + 10n) * 1000);
const OBS = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** Twelve records per patient: observations of three categories, conditions and an immunization. */
const records: { patient: Address; resource: ConsentResource }[] = [a.patient, a.otherPatient].flatMap(
  (patient) => [
    ...['laboratory', 'vital-signs', 'social-history'].flatMap((code) =>
      [1, 2, 3].map((n) => ({
        patient,
        resource: { type: 'Observation', id: `${code}-${n}`, categories: [{ system: OBS, code }] },
      })),
    ),
    { patient, resource: { type: 'Condition', id: 'c-1' } },
    { patient, resource: { type: 'Condition', id: 'c-2' } },
    { patient, resource: { type: 'Immunization', id: 'i-1' } },
  ],
);

function world() {
  const db = openSqliteDatabase(':memory:');
  const index = new ConsentIndex(db);
  const events = new ConsentEventFactory(index, S);
  // patient: hospital sees labs and one condition for treatment; clinic sees immunizations, but that grant is revoked
  events.grant({ scopeKind: ScopeKind.Categories, scopeValues: [categoryScope(OBS, 'laboratory')] });
  events.grant({ scopeKind: ScopeKind.Records, scopeValues: [recordScope('Condition', 'c-1')] });
  events.grant({ scopeValues: [resourceTypeScope('Observation')], purposes: ConsentPurpose.RESEARCH });
  events.revoke(
    events.grant({ scopeValues: [resourceTypeScope('Immunization')], grantee: a.clinic }),
    a.clinic,
  );
  // otherPatient: hospital sees conditions, but only from later on; clinic sees everything of type Observation
  events.grant({
    patient: a.otherPatient,
    scopeValues: [resourceTypeScope('Condition')],
    notBefore: S + 100n,
  });
  events.grant({
    patient: a.otherPatient,
    scopeValues: [resourceTypeScope('Observation')],
    grantee: a.clinic,
  });
  return { db, decider: new ConsentDecider(index) };
}

/** The vault's shape in miniature: resources, and the search tokens it indexes for each. */
function vault(db: BetterSqlite3.Database) {
  db.exec(`CREATE TABLE resources (key TEXT PRIMARY KEY, patient TEXT, last_updated INTEGER);
    CREATE TABLE search_tokens (key TEXT, param TEXT, value TEXT)`);
  const insert = db.prepare('INSERT INTO resources VALUES (?, ?, ?)');
  const token = db.prepare("INSERT INTO search_tokens VALUES (?, '_consent-scope', ?)");
  records.forEach(({ patient, resource }, i) => {
    const key = `${patient}/${resource.type}/${resource.id}`;
    insert.run(key, patient, i);
    for (const value of consentScopeTokensOf(patient, resource)) token.run(key, value);
  });
  /** Total and one page, filtered in the same WHERE, as the vault's search does. */
  return (tokens: string[] | undefined, limit: number, offset: number) => {
    const where =
      tokens === undefined
        ? '1 = 1'
        : `EXISTS (SELECT 1 FROM search_tokens t WHERE t.key = r.key AND t.param = '_consent-scope'
             AND t.value IN (${tokens.map(() => '?').join(', ') || 'NULL'}))`;
    const params = tokens ?? [];
    const total = db
      .prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM resources r WHERE ${where}`)
      .get(...params)?.n;
    const page = db
      .prepare<unknown[], { key: string }>(
        `SELECT key FROM resources r WHERE ${where} ORDER BY last_updated LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset)
      .map((row) => row.key);
    return { total, page };
  };
}

const requesters: [string, ConsentRequester & { patients?: Address[] }][] = [
  ['hospital, treatment', { grantee: a.hospital, purposeOfUse: 'TREAT', at: now }],
  ['hospital, research', { grantee: a.hospital, purposeOfUse: 'HRESCH', at: now }],
  [
    'hospital, treatment, later',
    { grantee: a.hospital, purposeOfUse: 'TREAT', at: new Date(Number(S + 200n) * 1000) },
  ],
  ['clinic, treatment', { grantee: a.clinic, purposeOfUse: 'TREAT', at: now }],
  ['clinic, one patient', { grantee: a.clinic, purposeOfUse: 'TREAT', at: now, patients: [a.patient] }],
  ['stranger', { grantee: a.practitioner, purposeOfUse: 'TREAT', at: now }],
  ['payer', { grantee: a.hospital, purposeOfUse: 'HPAYMT', at: now }],
  [
    'break-the-glass',
    {
      grantee: a.practitioner,
      purposeOfUse: 'ETREAT',
      breakTheGlassReason: 'arrest',
      at: now,
      patients: [a.patient],
    },
  ],
  [
    'own clinician, implied',
    {
      grantee: a.practitioner,
      purposeOfUse: 'TREAT',
      at: now,
      ownClinician: true,
      custodianPolicy: 'implied-for-treatment',
    },
  ],
];

describe('ConsentDecider.permittedFilter', () => {
  it.each(requesters)(
    'agrees with decide() on every record, in memory and in SQL (%s)',
    (_name, requester) => {
      const { db, decider } = world();
      const search = vault(db);
      const filter = decider.permittedFilter(requester);
      const expected = records
        .filter(({ patient, resource }) => {
          if (requester.patients && !requester.patients.includes(patient)) return false;
          return decider.decide({ ...requester, patient, resource }).decision === 'permit';
        })
        .map(({ patient, resource }) => `${patient}/${resource.type}/${resource.id}`);
      const inMemory = records
        .filter(({ patient, resource }) => filter.permits(patient, resource))
        .map(({ patient, resource }) => `${patient}/${resource.type}/${resource.id}`);
      expect(inMemory).toEqual(expected);
      // The total counts only permitted records, and paging walks exactly them.
      const first = search(filter.searchTokens, 4, 0);
      expect(first.total).toBe(expected.length);
      const pages = [...first.page];
      for (let offset = 4; offset < expected.length; offset += 4)
        pages.push(...search(filter.searchTokens, 4, offset).page);
      expect(pages).toEqual(expected);
    },
  );

  it('lets the right records through for the scenario (not merely agreeing)', () => {
    const { decider } = world();
    const count = (requester: ConsentRequester & { patients?: Address[] }) =>
      records.filter(({ patient, resource }) => decider.permittedFilter(requester).permits(patient, resource))
        .length;
    expect(count({ grantee: a.hospital, purposeOfUse: 'TREAT', at: now })).toBe(4); // 3 labs + c-1
    expect(count({ grantee: a.hospital, purposeOfUse: 'HRESCH', at: now })).toBe(9);
    expect(count({ grantee: a.clinic, purposeOfUse: 'TREAT', at: now })).toBe(9); // revoked immunization excluded
    expect(count({ grantee: a.practitioner, purposeOfUse: 'TREAT', at: now })).toBe(0);
  });

  it('describes what it allows: scoped with grants, nothing, all of some patients, or no restriction', () => {
    const { decider } = world();
    const scoped = decider.permittedFilter({ grantee: a.hospital, purposeOfUse: 'TREAT', at: now });
    expect(scoped).toMatchObject({ mode: 'scoped', reason: 'granted', breakTheGlass: false });
    expect(scoped.grantIds).toHaveLength(2);
    const none = decider.permittedFilter({ grantee: a.practitioner, purposeOfUse: 'TREAT', at: now });
    expect(none.mode).toBe('none');
    expect(none.searchTokens).toEqual([]);
    const glass = { grantee: a.practitioner, purposeOfUse: 'ETREAT', at: now, breakTheGlassReason: 'arrest' };
    expect(decider.permittedFilter({ ...glass, patients: [a.patient] }).searchTokens).toEqual([
      `${a.patient.toLowerCase()}|*`,
    ]);
    expect(decider.permittedFilter(glass)).toMatchObject({
      mode: 'none',
      reason: 'break-the-glass-needs-patient',
    });
    expect(decider.permittedFilter({ ...glass, breakTheGlassReason: '' })).toMatchObject({
      mode: 'none',
      reason: 'break-the-glass-reason-missing',
      breakTheGlass: true,
    });
    const implied = decider.permittedFilter({
      grantee: a.practitioner,
      purposeOfUse: 'TREAT',
      at: now,
      ownClinician: true,
      custodianPolicy: 'implied-for-treatment',
    });
    expect(implied.searchTokens).toBeUndefined();
  });
});
