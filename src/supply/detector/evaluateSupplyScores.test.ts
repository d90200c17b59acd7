import { describe, expect, it } from 'vitest';
import { evaluateSupplyScores } from './evaluateSupplyScores.ts';
import { thresholdForFalseHoldRate } from './trainSupplyDetector.ts';

describe('evaluateSupplyScores', () => {
  it('counts per-kind AUC, precision and recall at the threshold, and false holds', () => {
    const scores = [0.9, 0.2, 0.8, 0.1, 0.3, 0.6, 0.05];
    const kinds = [
      'diversion',
      'diversion',
      'cloned_serial',
      undefined,
      undefined,
      undefined,
      undefined,
    ] as const;
    const result = evaluateSupplyScores(scores, [...kinds], 0.5);
    expect(result.falseHolds).toBe(1);
    expect(result.falseHoldRate).toBe(0.25);
    expect(result.kinds.diversion.recall).toBe(0.5);
    expect(result.kinds.diversion.precision).toBe(0.5);
    expect(result.kinds.diversion.auc).toBe(6 / 8);
    expect(result.kinds.cloned_serial.auc).toBe(1);
    expect(result.kinds.receipt_mismatch.count).toBe(0);
    expect(result.overall.recall).toBeCloseTo(2 / 3);
  });
});

describe('thresholdForFalseHoldRate', () => {
  it('holds at most the allowed share of normal scores', () => {
    const normal = Array.from({ length: 1000 }, (_, i) => i / 1000);
    const threshold = thresholdForFalseHoldRate(normal, 0.005);
    expect(normal.filter((s) => s >= threshold).length).toBe(5);
    expect(thresholdForFalseHoldRate([0.1, 0.4], 0.001)).toBeGreaterThan(0.4);
  });
});
