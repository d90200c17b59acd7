import { describe, expect, it } from 'vitest';
import { parseMedicationSig } from './parseMedicationSig.ts';

describe('parseMedicationSig', () => {
  it('reads dose, route and frequency from a terse sig', () => {
    const sig = parseMedicationSig(' 25 mg PO BID');
    expect(sig.dose).toEqual({ value: 25, unit: 'mg', ucum: 'mg' });
    expect(sig.route?.code).toBe('26643006');
    expect(sig.frequency).toEqual({ frequency: 2, period: 1, periodUnit: 'd', code: 'BID' });
    expect(sig.asNeeded).toBeUndefined();
  });

  it('reads words as well as abbreviations, and as-needed', () => {
    const sig = parseMedicationSig('500 mg by mouth three times a day as needed for pain');
    expect(sig.dose?.value).toBe(500);
    expect(sig.route?.display).toBe('Oral route');
    expect(sig.frequency?.code).toBe('TID');
    expect(sig.asNeeded).toBe(true);
  });

  it('reads hourly intervals, ranges and bedtime', () => {
    expect(parseMedicationSig('1 g IV q8h').frequency).toEqual({
      frequency: 1,
      period: 8,
      periodUnit: 'h',
      code: 'Q8H',
    });
    const inhaler = parseMedicationSig('2 puffs inhaled q4-6h prn');
    expect(inhaler.dose).toEqual({ value: 2, unit: 'puffs', ucum: '{puff}' });
    expect(inhaler.route?.code).toBe('447694001');
    expect(inhaler.frequency).toEqual({ frequency: 1, period: 4, periodMax: 6, periodUnit: 'h' });
    expect(inhaler.asNeeded).toBe(true);
    const insulin = parseMedicationSig('40 units subcut qhs');
    expect(insulin.dose?.ucum).toBe('[U]');
    expect(insulin.route?.code).toBe('34206005');
    expect(insulin.frequency?.code).toBe('BED');
  });

  it('keeps a strength per volume as written and leaves unknown parts out', () => {
    const sig = parseMedicationSig('5 mg/ml oral suspension');
    expect(sig.dose).toEqual({ value: 5, unit: 'mg/ml', ucum: 'mg/mL' });
    expect(sig.frequency).toBeUndefined();
    expect(parseMedicationSig('as directed')).toEqual({ text: 'as directed' });
  });
});
