import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { populationStabilityIndex } from './populationStabilityIndex.ts';
import { binShares, referenceDistribution } from './referenceDistribution.ts';

describe('populationStabilityIndex', () => {
  it('is 0 for identical shares and matches the formula by hand', () => {
    expect(populationStabilityIndex([0.25, 0.25, 0.5], [0.25, 0.25, 0.5])).toBe(0);
    // (0.4-0.2)ln(2) + (0.6-0.8)ln(0.75)
    const expected = 0.2 * Math.log(2) + -0.2 * Math.log(0.75);
    expect(populationStabilityIndex([0.2, 0.8], [0.4, 0.6])).toBeCloseTo(expected, 12);
    expect(populationStabilityIndex([0.4, 0.6], [0.2, 0.8])).toBeCloseTo(expected, 12);
  });

  it('stays finite when a bin empties', () => {
    const psi = populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.4, 0.1]);
    expect(Number.isFinite(psi)).toBe(true);
    expect(psi).toBeGreaterThan(0.25);
  });

  it('is small for a sample of the same distribution and large for a shifted one', () => {
    const random = new SeededRandom(7);
    const train = Array.from({ length: 5000 }, () => random.nextGaussian());
    const reference = referenceDistribution('x', train);
    expect(reference.cuts).toHaveLength(9);
    expect(reference.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const same = Array.from({ length: 2000 }, () => random.nextGaussian());
    const shifted = Array.from({ length: 2000 }, () => random.nextGaussian() + 1);
    expect(populationStabilityIndex(reference.shares, binShares(reference.cuts, same))).toBeLessThan(0.05);
    expect(populationStabilityIndex(reference.shares, binShares(reference.cuts, shifted))).toBeGreaterThan(
      0.25,
    );
  });

  it('counts missing values in their own bin', () => {
    const reference = referenceDistribution('x', [1, 2, 3, 4, Number.NaN]);
    expect(reference.shares.at(-1)).toBeCloseTo(0.2, 12);
    const allMissing = binShares(reference.cuts, [Number.NaN, Number.NaN]);
    expect(allMissing.at(-1)).toBe(1);
    expect(populationStabilityIndex(reference.shares, allMissing)).toBeGreaterThan(0.25);
  });
});
