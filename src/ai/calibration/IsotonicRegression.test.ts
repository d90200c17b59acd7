import { describe, expect, it } from 'vitest';
import { IsotonicRegression } from './IsotonicRegression.ts';

describe('IsotonicRegression', () => {
  it('pools adjacent violators into the closest non-decreasing fit', () => {
    const fit = IsotonicRegression.fit([1, 2, 3, 4, 5, 6], [1, 3, 2, 4, 3.5, 5]);
    expect(Array.from(fit.values)).toEqual([1, 2.5, 2.5, 3.75, 3.75, 5]);
    expect(Array.from(fit.transform([0, 2.5, 10]))).toEqual([1, 2.5, 5]);
    expect(fit.transform([1.5])[0]).toBeCloseTo(1.75, 12);
  });

  it('averages tied scores first and returns monotone calibrated probabilities', () => {
    const fit = IsotonicRegression.fit([0.2, 0.2, 0.9, 0.5, 0.5, 0.5], [1, 0, 1, 0, 0, 1]);
    expect(Array.from(fit.thresholds)).toEqual([0.2, 0.5, 0.9]);
    expect(Array.from(fit.values)).toEqual([0.4, 0.4, 1]);
  });
});
