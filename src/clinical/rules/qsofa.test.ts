import { describe, expect, it } from 'vitest';
import { qsofaScore } from './qsofa.ts';

describe('qsofaScore (Sepsis-3)', () => {
  it('counts one point per criterion at the published cut-offs', () => {
    expect(qsofaScore({ respirationRate: 21, systolicBp: 101, alteredMentation: false }).score).toBe(0);
    expect(qsofaScore({ respirationRate: 22, systolicBp: 101, alteredMentation: false }).score).toBe(1);
    expect(qsofaScore({ respirationRate: 21, systolicBp: 100, alteredMentation: false }).score).toBe(1);
    expect(qsofaScore({ respirationRate: 21, systolicBp: 101, alteredMentation: true }).score).toBe(1);
  });

  it('is positive at 2 or more, with the criteria met in the chain', () => {
    const result = qsofaScore({ respirationRate: 28, systolicBp: 88, alteredMentation: false });
    expect(result).toMatchObject({ score: 2, positive: true });
    expect(result.reasoning.map((s) => s.rule)).toEqual([
      'qsofa.respiration.22-or-more',
      'qsofa.systolic.100-or-less',
      'qsofa.positive',
    ]);
    expect(qsofaScore({ respirationRate: 30, systolicBp: 80, alteredMentation: true }).score).toBe(3);
    expect(qsofaScore({ respirationRate: 30, systolicBp: 120, alteredMentation: false }).positive).toBe(
      false,
    );
  });
});
