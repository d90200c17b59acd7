import type { Bundle, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../ai/random/SeededRandom.ts';
import { createTestFhirApp } from '../api/testing/createTestFhirApp.ts';
import { drawPatientProfile } from './DemoPatientProfile.ts';
import { allergies } from './demoTerminology.ts';
import { generatePatientHistory, type PatientHistoryOptions } from './generatePatientHistory.ts';

const asOf = new Date('2025-12-31T00:00:00Z');
const options = (setting: 'clinic' | 'hospital'): PatientHistoryOptions => ({
  setting,
  slug: 'clinic-c',
  organisation: 'Organization/clinic-c',
  practitioners: ['Practitioner/clinic-c-1', 'Practitioner/clinic-c-2'],
  address: '0x00000000000000000000000000000000000000aa',
  mrn: 'C-0001',
  asOf,
  years: 5,
});

function history(seed: number, setting: 'clinic' | 'hospital'): Bundle {
  const random = new SeededRandom(seed);
  const profile = drawPatientProfile(random, asOf, allergies.length);
  return generatePatientHistory(random, profile, options(setting));
}

describe('generatePatientHistory', () => {
  it('is reproducible from the seed', () => {
    expect(JSON.stringify(history(7, 'clinic'))).toBe(JSON.stringify(history(7, 'clinic')));
    expect(JSON.stringify(history(7, 'clinic'))).not.toBe(JSON.stringify(history(8, 'clinic')));
  });

  it('codes every measurement in LOINC with UCUM units and plausible values over the years', () => {
    const ranges: Record<string, [number, number]> = {
      '8867-4': [40, 150], // heart rate
      '8310-5': [35, 41], // temperature
      '4548-4': [4, 13], // HbA1c
      '33914-3': [5, 140], // eGFR
      '29463-7': [30, 200], // weight
    };
    const seen = new Set<string>();
    for (const seed of [11, 12, 13]) {
      const observations = (history(seed, 'clinic').entry ?? [])
        .map((e) => e.resource)
        .filter((r): r is Observation => r?.resourceType === 'Observation');
      const years = new Set(observations.map((o) => o.effectiveDateTime?.slice(0, 4)));
      expect(years.size).toBeGreaterThanOrEqual(4);
      for (const observation of observations) {
        const coding = observation.code.coding?.[0];
        expect(coding?.system).toBe('http://loinc.org');
        const quantities = [
          observation.valueQuantity,
          ...(observation.component ?? []).map((c) => c.valueQuantity),
        ];
        for (const quantity of quantities.filter((q) => q !== undefined)) {
          expect(quantity.system).toBe('http://unitsofmeasure.org');
          const range = ranges[coding?.code ?? ''];
          if (range) {
            seen.add(coding?.code ?? '');
            expect(quantity.value).toBeGreaterThanOrEqual(range[0]);
            expect(quantity.value).toBeLessThanOrEqual(range[1]);
          }
        }
      }
    }
    for (const code of ['8867-4', '8310-5', '33914-3', '29463-7']) expect(seen.has(code), code).toBe(true);
  });

  it('writes valid R4 transactions that the vault accepts whole', async () => {
    const { call } = createTestFhirApp({ maxBodyBytes: 16 * 1024 * 1024 });
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      for (const setting of ['clinic', 'hospital'] as const) {
        const bundle = history(seed, setting);
        const result = await call('POST', '', { body: bundle });
        expect(result.status, JSON.stringify(result.json?.issue ?? result.json).slice(0, 800)).toBe(200);
      }
    }
  });
});
