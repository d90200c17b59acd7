import { describe, expect, it } from 'vitest';
import { aamiClassOfSymbol } from './aamiClass.ts';
import { heartRateVariability } from './heartRateVariability.ts';

describe('heartRateVariability', () => {
  it('computes HR, SDNN, RMSSD and pNN50 from RR intervals of 800, 900, 800, 1000 ms', () => {
    const fs = 1000;
    const peaks = [0, 800, 1700, 2500, 3500];
    const hrv = heartRateVariability(peaks, fs);
    expect(hrv.meanRrMs).toBe(875);
    expect(hrv.heartRate).toBeCloseTo(60_000 / 875, 9);
    // deviations -75, 25, -75, 125 → sample variance 27500/3
    expect(hrv.sdnnMs).toBeCloseTo(Math.sqrt(27_500 / 3), 9);
    // successive differences 100, -100, 200 → mean square 60000/3
    expect(hrv.rmssdMs).toBeCloseTo(Math.sqrt(60_000 / 3), 9);
    expect(hrv.pnn50).toBe(1);
  });

  it('keeps only normal-to-normal intervals when beats are flagged', () => {
    const hrv = heartRateVariability([0, 1000, 1400, 2400, 3400], 1000, [true, true, false, true, true]);
    expect(hrv.meanRrMs).toBe(1000);
    expect(hrv.sdnnMs).toBe(0);
  });
});

describe('aamiClassOfSymbol', () => {
  it('groups MIT-BIH symbols into the AAMI classes and ignores non-beats', () => {
    expect(['N', 'L', 'R', 'e', 'j'].map(aamiClassOfSymbol)).toEqual(['N', 'N', 'N', 'N', 'N']);
    expect(['A', 'a', 'J', 'S'].map(aamiClassOfSymbol)).toEqual(['S', 'S', 'S', 'S']);
    expect(['V', 'E', 'F', '/', 'f', 'Q'].map(aamiClassOfSymbol)).toEqual(['V', 'V', 'F', 'Q', 'Q', 'Q']);
    expect(['+', '~', 'x', '|'].map(aamiClassOfSymbol)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
