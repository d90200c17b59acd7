import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from './expectedCalibrationError.ts';

describe('expectedCalibrationError', () => {
  it('is 0 when each bin predicts its own positive rate', () => {
    // Bin [0.2, 0.3): 0.25 predicted, 1 of 4 positive; bin [0.7, 0.8): 0.75 predicted, 3 of 4 positive.
    expect(
      expectedCalibrationError([1, 0, 0, 0, 1, 1, 1, 0], [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75]),
    ).toBe(0);
  });

  it('weights each bin gap by its size and puts 1.0 in the last bin', () => {
    // Bin 9 holds 1.0 and 0.95 (mean 0.975, 1 of 2 positive: gap 0.475, weight 2/3); bin 0 holds 0 (no gap).
    expect(expectedCalibrationError([1, 0, 0], [1, 0.95, 0])).toBeCloseTo((2 / 3) * 0.475, 12);
  });
});
