import type { Observation } from '@medplum/fhirtypes';
import { zeroAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { createTestVault, treating } from '../../records/service/testing/createTestVault.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import { buildSiteTable } from './buildSiteTable.ts';
import { type FeatureDefinition, LOINC, PIMA_FEATURES, SNOMED } from './FeatureDefinition.ts';
import { tableFromRows } from './standardise.ts';
import { tabularAsFhir } from './tabularAsFhir.ts';

const who = (n: number) => Array.from({ length: n }, (_, i) => ({ address: zeroAddress, label: `p${i}` }));

describe('tabularAsFhir', () => {
  it('writes coded Observations with UCUM units and Conditions for Condition features and the label', async () => {
    const definition: FeatureDefinition = {
      id: 'condition-feature-test',
      label: `${SNOMED}|44054006`,
      features: [
        { name: 'bmi', code: `${LOINC}|39156-5`, unit: 'kg/m2', mean: 30, sd: 5 },
        { name: 'hypertension', code: `${SNOMED}|38341003`, resource: 'Condition', mean: 0.5, sd: 0.5 },
      ],
    };
    const rows = [
      { values: { bmi: 35, hypertension: 1 }, label: 1 as const },
      { values: { bmi: Number.NaN, hypertension: 0 }, label: 0 as const },
      { values: { bmi: 25, hypertension: 0 }, label: 0 as const },
    ];
    const bundle = tabularAsFhir(rows, definition, who(rows.length));
    const types = (bundle.entry ?? []).map((e) => e.resource?.resourceType);
    // Patient, BMI, hypertension, diabetes | Patient (no BMI, no Conditions) | Patient, BMI.
    expect(types).toEqual([
      'Patient',
      'Observation',
      'Condition',
      'Condition',
      'Patient',
      'Patient',
      'Observation',
    ]);
    const bmi = bundle.entry?.[1]?.resource as Observation;
    expect(bmi.valueQuantity).toEqual({
      value: 35,
      unit: 'kg/m2',
      system: 'http://unitsofmeasure.org',
      code: 'kg/m2',
    });
    expect(bmi.code.coding?.[0]).toMatchObject({ system: LOINC, code: '39156-5' });

    // The vault accepts it, and the table built back from FHIR is the table of the rows (the BMI-less patient has
    // no Observation, so no row).
    const { service } = createTestVault();
    await service.bundle(treating, bundle);
    const { table } = await buildSiteTable(service, definition);
    const expected = tableFromRows([rows[0], rows[2]] as typeof rows, definition);
    expect(Array.from(table.x)).toEqual(Array.from(expected.x));
    expect(Array.from(table.y)).toEqual([1, 0]);
  });

  it('refuses count features and needs one patient per row', () => {
    const counted: FeatureDefinition = {
      ...PIMA_FEATURES,
      features: [{ name: 'visits', code: `${LOINC}|8462-4`, aggregate: 'count', mean: 0, sd: 1 }],
    };
    expect(() => tabularAsFhir([], counted, [])).toThrow(InvalidFederatedInputError);
    expect(() => tabularAsFhir([{ values: {}, label: 0 }], PIMA_FEATURES, [])).toThrow(RangeError);
  });
});
