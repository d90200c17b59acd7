import type { Bundle } from '@medplum/fhirtypes';
import { type Address, getAddress, numberToHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { ConsentAccessPolicy } from '../../consent/ConsentAccessPolicy.ts';
import { ConsentDecider } from '../../consent/ConsentDecider.ts';
import { ConsentIndex } from '../../consent/ConsentIndex.ts';
import { ConsentPurpose } from '../../consent/purposeOfUse.ts';
import { resourceTypeScope } from '../../consent/scopeValues.ts';
import { ConsentEventFactory } from '../../consent/testing/ConsentEventFactory.ts';
import { openSqliteDatabase } from '../../ledger/indexer/openSqliteDatabase.ts';
import { PatientAddressResolver } from '../../node/PatientAddressResolver.ts';
import { MasterKeyRing } from '../../records/crypto/MasterKeyRing.ts';
import { createTestVault, treating } from '../../records/service/testing/createTestVault.ts';
import { MemoryRecordStore } from '../../records/store/MemoryRecordStore.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import type { TrainingTable } from '../models/TrainingTable.ts';
import { buildSiteTable, FL_RESEARCH_CONTEXT, suppressSmallCount } from './buildSiteTable.ts';
import { type FeatureDefinition, LOINC, PIMA_FEATURES, SNOMED } from './FeatureDefinition.ts';
import { readPimaRows } from './pimaRows.ts';
import { tableFromRows } from './standardise.ts';
import { type TabularRow, tabularAsFhir } from './tabularAsFhir.ts';

const S = 1_700_000_000n;
const SITE = getAddress('0x00000000000000000000000000000000000000B1');
const OTHER_SITE = getAddress('0x00000000000000000000000000000000000000B2');
const addressOf = (i: number): Address => getAddress(numberToHex(0xa000 + i, { size: 20 }));

/** A table's rows as sortable strings (features then label), so tables compare regardless of row order. */
const rowsOf = (t: TrainingTable) =>
  Array.from({ length: t.rowCount }, (_, r) =>
    [...t.x.subarray(r * t.featureCount, (r + 1) * t.featureCount), t.y[r]]
      .map((v) => (v as number).toFixed(9))
      .join(','),
  ).sort();

/** Stores rows as FHIR (one Patient per row, with its chain address) and returns each row's `Patient/<id>`. */
async function load(service: ReturnType<typeof createTestVault>['service'], rows: readonly TabularRow[]) {
  const patients = rows.map((_, i) => ({ address: addressOf(i), label: `cohort-${i}` }));
  const response: Bundle = await service.bundle(treating, tabularAsFhir(rows, PIMA_FEATURES, patients));
  return (response.entry ?? [])
    .map((e) => e.response?.location ?? '')
    .filter((location) => location.startsWith('Patient/'))
    .map((location) => location.split('/_history/')[0] as string);
}

/** A vault whose reads are decided by on-chain consent (grants fed as chain events, no chain). */
function consentVault() {
  const store = new MemoryRecordStore();
  const keyRing = MasterKeyRing.ephemeral();
  const index = new ConsentIndex(openSqliteDatabase(':memory:'));
  const events = new ConsentEventFactory(index, S);
  const patients = new PatientAddressResolver(store, keyRing);
  const policy = new ConsentAccessPolicy({
    decider: new ConsentDecider(index),
    // The site's federated-learning client acts for the organisation's member account, as on a node.
    requesterOf: (subject) => ({
      grantees: subject === FL_RESEARCH_CONTEXT.subject ? [SITE] : [],
      ownClinician: subject.startsWith('Practitioner/'),
    }),
    patientAddressOf: (reference, patient, within) => patients.addressOf(reference, patient, within),
    now: () => new Date(Number(S + 100n) * 1000),
  });
  return { ...createTestVault({ policy, store: patients.watch(store), keyRing }), events };
}

// Complete rows with distinct glucose values, so a row's glucose identifies its patient.
const distinct = (() => {
  const seen = new Set<number>();
  return readPimaRows().filter((row) => {
    const g = row.values.glucose as number;
    const complete = Object.values(row.values).every(Number.isFinite);
    if (!complete || seen.has(g)) return false;
    seen.add(g);
    return true;
  });
})();

describe('buildSiteTable', () => {
  it('uses only patients with an active research grant to this organisation, and audits the reads', async () => {
    const rows = distinct.slice(0, 12);
    const { service, events, audit } = consentVault();
    const ids = await load(service, rows);
    const research = { purposes: ConsentPurpose.RESEARCH, grantee: SITE };
    const types = [resourceTypeScope('Observation'), resourceTypeScope('Condition')];
    for (let i = 0; i < 6; i++) events.grant({ patient: addressOf(i), scopeValues: types, ...research });
    // 6 revoked, 7 expired, 8 not yet valid, 9 treatment only, 10 research for another organisation, 11 nothing.
    const revoked = events.grant({ patient: addressOf(6), scopeValues: types, ...research });
    events.revoke(revoked, SITE, addressOf(6));
    events.grant({ patient: addressOf(7), scopeValues: types, ...research, expiresAt: S + 50n });
    events.grant({ patient: addressOf(8), scopeValues: types, ...research, notBefore: S + 1000n });
    events.grant({ patient: addressOf(9), scopeValues: types, grantee: SITE });
    events.grant({ patient: addressOf(10), scopeValues: types, ...research, grantee: OTHER_SITE });
    audit.clear();

    const { table, eligible } = await buildSiteTable(service, PIMA_FEATURES);

    expect(eligible).toBe(6);
    expect(rowsOf(table)).toEqual(rowsOf(tableFromRows(rows.slice(0, 6), PIMA_FEATURES)));
    // By construction: no excluded patient's glucose (unique to them) is anywhere in the glucose column.
    const g = PIMA_FEATURES.features.findIndex((f) => f.name === 'glucose');
    const glucose = PIMA_FEATURES.features[g] as (typeof PIMA_FEATURES.features)[number];
    const column = Array.from({ length: table.rowCount }, (_, r) => table.x[r * table.featureCount + g]);
    for (const row of rows.slice(6)) {
      const standardised = ((row.values.glucose as number) - glucose.mean) / glucose.sd;
      expect(column.some((v) => Math.abs((v as number) - standardised) < 1e-12)).toBe(false);
    }
    // Every read was a research search, audited, touching only the granted patients.
    expect(audit.events.length).toBeGreaterThan(0);
    expect(audit.events.every((e) => e.action === 'search' && e.purposeOfUse === 'HRESCH')).toBe(true);
    const touched = new Set(audit.events.flatMap((e) => e.patients ?? []));
    expect([...touched].sort()).toEqual(ids.slice(0, 6).sort());
  });

  it('rebuilds from FHIR exactly the table of the CSV rows, missing values included', async () => {
    const rows = readPimaRows().slice(0, 120);
    expect(rows.some((row) => Object.values(row.values).some(Number.isNaN))).toBe(true);
    const { service } = createTestVault();
    await load(service, rows);
    const { table, eligible } = await buildSiteTable(service, PIMA_FEATURES);
    expect(eligible).toBe(rows.length);
    expect(table.featureCount).toBe(PIMA_FEATURES.features.length);
    expect(rowsOf(table)).toEqual(rowsOf(tableFromRows(rows, PIMA_FEATURES)));
    expect(table.y.reduce((a, b) => a + b, 0)).toBe(rows.filter((r) => r.label === 1).length);
  });

  it('aggregates within a window, reads Conditions as 0/1 and labels by a Condition or an Observation threshold', async () => {
    const HBA1C = `${LOINC}|4548-4`;
    const HTN = `${SNOMED}|38341003`;
    const definition: FeatureDefinition = {
      id: 'window-test',
      referenceDate: '2025-06-30T00:00:00Z',
      label: `${SNOMED}|44054006`,
      labelThreshold: { code: HBA1C, atLeast: 6.5 },
      features: [
        { name: 'hba1c-mean-90d', code: HBA1C, aggregate: 'mean', withinDays: 90, mean: 0, sd: 1 },
        { name: 'hba1c-tests', code: HBA1C, aggregate: 'count', mean: 0, sd: 1 },
        { name: 'hypertension', code: HTN, resource: 'Condition', mean: 0, sd: 1 },
      ],
    };
    const { service } = createTestVault();
    const coded = (code: string) => {
      const [system, value] = code.split('|') as [string, string];
      return { coding: [{ system, code: value }] };
    };
    const hba1c = async (patient: string, value: number, when: string, status = 'final') =>
      service.create(treating, 'Observation', {
        resourceType: 'Observation',
        status,
        code: coded(HBA1C),
        subject: { reference: patient },
        effectiveDateTime: when,
        valueQuantity: { value },
      });
    const condition = async (patient: string, code: string, verification = 'confirmed') =>
      service.create(treating, 'Condition', {
        resourceType: 'Condition',
        code: coded(code),
        subject: { reference: patient },
        verificationStatus: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: verification },
          ],
        },
      });
    // p1: two results in the window (mean 6.0), an old one and a later one ignored; hypertension; latest 6.4.
    await hba1c('Patient/p1', 5.6, '2025-05-01T00:00:00Z');
    await hba1c('Patient/p1', 6.4, '2025-06-01T00:00:00Z');
    await hba1c('Patient/p1', 9.0, '2024-01-01T00:00:00Z');
    await hba1c('Patient/p1', 9.9, '2025-08-01T00:00:00Z');
    await condition('Patient/p1', HTN);
    // p2: only an old result (mean missing, count 1) at 7.0, so labelled by the threshold; a refuted hypertension.
    await hba1c('Patient/p2', 7.0, '2024-12-01T00:00:00Z');
    await condition('Patient/p2', HTN, 'refuted');
    // p3: diabetes as a Condition, one result entered in error.
    await hba1c('Patient/p3', 5.0, '2025-06-10T00:00:00Z');
    await hba1c('Patient/p3', 8.0, '2025-06-11T00:00:00Z', 'entered-in-error');
    await condition('Patient/p3', `${SNOMED}|44054006`);
    // p4: a Condition but no result up to the reference date: not a row.
    await hba1c('Patient/p4', 6.0, '2025-07-01T00:00:00Z');
    await condition('Patient/p4', HTN);

    const { table, eligible } = await buildSiteTable(service, definition);

    expect(eligible).toBe(3);
    expect(Array.from(table.x)).toEqual([6.0, 3, 1, 0, 1, 0, 5.0, 1, 0].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(table.y)).toEqual([0, 1, 1]);
    const { referenceDate: _, ...undated } = definition;
    await expect(buildSiteTable(service, undated)).rejects.toThrow(InvalidFederatedInputError);
  });

  it('suppresses counts under 5', () => {
    expect([0, 1, 4, 5, 45].map(suppressSmallCount)).toEqual(['<5', '<5', '<5', 5, 45]);
  });
});
