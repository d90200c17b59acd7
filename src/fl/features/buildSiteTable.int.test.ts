import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revocationTypedData } from '../../consent/consentTypedData.ts';
import { type Consortium, startConsortium } from '../../node/startConsortium.ts';
import type { TrainingTable } from '../models/TrainingTable.ts';
import { buildSiteTable } from './buildSiteTable.ts';
import { PIMA_FEATURES } from './FeatureDefinition.ts';
import { type CohortPatient, loadResearchCohort } from './loadResearchCohort.ts';
import { readPimaRows } from './pimaRows.ts';
import { tableFromRows } from './standardise.ts';

const ROWS = 60;
const CONSENTING = 45;

const rowsOf = (t: TrainingTable) =>
  Array.from({ length: t.rowCount }, (_, r) =>
    [...t.x.subarray(r * t.featureCount, (r + 1) * t.featureCount), t.y[r]]
      .map((v) => (v as number).toFixed(9))
      .join(','),
  ).sort();

// Rows with distinct glucose values, so a standardised glucose identifies its patient.
const rows = (() => {
  const seen = new Set<number>();
  return readPimaRows()
    .filter((row) => {
      const g = row.values.glucose as number;
      if (!Number.isFinite(g) || seen.has(g)) return false;
      seen.add(g);
      return true;
    })
    .slice(0, ROWS);
})();
const glucoseAt = PIMA_FEATURES.features.findIndex((f) => f.name === 'glucose');
const glucoseSpec = PIMA_FEATURES.features[glucoseAt] as (typeof PIMA_FEATURES.features)[number];
const glucoseColumn = (t: TrainingTable) =>
  Array.from({ length: t.rowCount }, (_, r) => t.x[r * t.featureCount + glucoseAt] as number);
const appears = (t: TrainingTable, row: (typeof rows)[number]) =>
  glucoseColumn(t).some(
    (v) => Math.abs(v - ((row.values.glucose as number) - glucoseSpec.mean) / glucoseSpec.sd) < 1e-12,
  );

describe('buildSiteTable on a real node: research consent on chain decides the rows', () => {
  const baseDir = mkdtempSync(join(tmpdir(), 'caduceus-fl-features-'));
  let consortium: Consortium;
  let cohort: CohortPatient[];

  beforeAll(async () => {
    consortium = await startConsortium({
      baseDir,
      organisations: [{ slug: 'hospital-a', name: 'Hospital A', roles: ['HOSPITAL', 'RESEARCHER'] }],
    });
    const [member] = consortium.members;
    if (!member) throw new Error('no member');
    cohort = await loadResearchCohort(member, rows, {
      definition: PIMA_FEATURES,
      keySeed: 'fl-features-int',
      consenting: CONSENTING,
      grantee: member.node.vault.fl.site.member,
      consent: member.node.vault.consent,
    });
  }, 240_000);

  afterAll(async () => {
    await consortium?.stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  it('builds 45 rows from the 60 patients stored, exactly the consented ones; a revocation removes one', async () => {
    const [member] = consortium.members;
    if (!member) throw new Error('no member');
    const records = member.node.vault.records;
    const { table, eligible } = await buildSiteTable(records, PIMA_FEATURES);
    expect(table.rowCount).toBe(CONSENTING);
    expect(eligible).toBe(CONSENTING);
    expect(rowsOf(table)).toEqual(rowsOf(tableFromRows(rows.slice(0, CONSENTING), PIMA_FEATURES)));
    for (const row of rows.slice(CONSENTING)) expect(appears(table, row)).toBe(false);

    // The first patient revokes their research grant on chain: their row is gone from the next table.
    const [first] = cohort;
    if (!first?.grantId) throw new Error('the first patient consented');
    const consent = member.node.vault.consent;
    const { revocation } = await consent.draftRevocation(first.address, first.grantId);
    const key = privateKeyToAccount(first.privateKey);
    await consent.submitRevocation(
      revocation,
      await key.signTypedData(revocationTypedData(revocation, consent.domain)),
    );
    const after = await buildSiteTable(records, PIMA_FEATURES);
    expect(after.eligible).toBe(CONSENTING - 1);
    expect(appears(after.table, rows[0] as (typeof rows)[number])).toBe(false);
    expect(rowsOf(after.table)).toEqual(rowsOf(tableFromRows(rows.slice(1, CONSENTING), PIMA_FEATURES)));
  }, 120_000);
});
