import { describe, expect, it } from 'vitest';
import { brierScore } from './brierScore.ts';

describe('brierScore', () => {
  it('is the mean squared error of probabilities', () => {
    expect(brierScore([1, 0], [1, 0])).toBe(0);
    expect(brierScore([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.25);
    expect(brierScore([1, 0], [0.9, 0.3])).toBeCloseTo((0.01 + 0.09) / 2, 12);
  });
});
