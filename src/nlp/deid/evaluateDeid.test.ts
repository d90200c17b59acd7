import { describe, expect, it } from 'vitest';
import type { DeidNote } from './DeidNote.ts';
import { evaluateDeid } from './evaluateDeid.ts';

const note: DeidNote = {
  patientId: '1',
  noteId: '1',
  text: 'dr healey on 7/22 ok',
  spans: [
    { start: 3, end: 9, type: 'NAME', goldType: 'HCPName' },
    { start: 13, end: 17, type: 'DATE', goldType: 'Date' },
  ],
};

describe('evaluateDeid', () => {
  it('scores characters: recall over gold, precision over predictions, F2', () => {
    // Finds "healey" (as DATE: still hidden), half of "7/22", and the non-PHI "ok".
    const ev = evaluateDeid([note], () => [
      { start: 3, end: 9, type: 'DATE' },
      { start: 13, end: 15, type: 'DATE' },
      { start: 18, end: 20, type: 'NAME' },
    ]);
    expect(ev.overall.recall).toBeCloseTo(8 / 10);
    expect(ev.overall.precision).toBeCloseTo(8 / 10);
    expect(ev.overall.f2).toBeCloseTo(0.8);
    expect(ev.types.NAME?.recall).toBe(1);
    expect(ev.types.NAME?.precision).toBe(0);
    expect(ev.types.DATE?.recall).toBeCloseTo(0.5);
    expect(ev.types.DATE?.precision).toBe(1);
    expect(ev.goldTypes.HCPName).toEqual({ recall: 1, goldChars: 6 });
  });
});
