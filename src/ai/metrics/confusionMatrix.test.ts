import { describe, expect, it } from 'vitest';
import { confusionMatrix } from './confusionMatrix.ts';

describe('confusionMatrix', () => {
  it('calls scores at or above the threshold positive', () => {
    const m = confusionMatrix([1, 1, 0, 0, 1], [0.9, 0.4, 0.5, 0.1, 0.5], 0.5);
    expect(m).toMatchObject({ truePositives: 2, falseNegatives: 1, falsePositives: 1, trueNegatives: 1 });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.specificity).toBe(0.5);
    expect(m.accuracy).toBe(0.6);
    expect(confusionMatrix([0, 0], [0.1, 0.2], 0.5).precision).toBe(0);
  });
});
