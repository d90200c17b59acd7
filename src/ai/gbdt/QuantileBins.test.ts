import { describe, expect, it } from 'vitest';
import { featureMatrixFromRows } from '../data/FeatureMatrix.ts';
import { syntheticBinaryDataset } from '../data/syntheticBinaryDataset.ts';
import { MISSING_BIN, QuantileBins } from './QuantileBins.ts';

describe('QuantileBins', () => {
  it('gives few distinct values one bin each with midpoint cuts, and NaN the missing bin', () => {
    const m = featureMatrixFromRows([[1], [3], [3], [7], [Number.NaN]]);
    const bins = QuantileBins.fit(m);
    expect(Array.from(bins.cuts[0] ?? [])).toEqual([2, 5]);
    expect(Array.from(bins.bin(m).bins)).toEqual([0, 1, 1, 2, MISSING_BIN]);
    expect(bins.binOf(0, 2)).toBe(0);
    expect(bins.binOf(0, 2.0001)).toBe(1);
    expect(bins.binOf(0, 100)).toBe(2);
  });

  it('caps continuous features at maxBins with roughly equal-count bins', () => {
    const data = syntheticBinaryDataset({ rows: 30_000, features: 2, seed: 5 });
    const bins = QuantileBins.fit(data, 16);
    const binned = bins.bin(data);
    expect(bins.binCounts()[0]).toBeLessThanOrEqual(16);
    const counts = new Array(16).fill(0);
    for (let r = 0; r < data.rowCount; r++) counts[binned.bins[r * 2] as number]++;
    for (const c of counts) expect(Math.abs(c - 30_000 / 16)).toBeLessThan(250);
    // Binning agrees with the raw thresholds a tree will use: v <= cuts[b] exactly when bin(v) <= b.
    const cuts = bins.cuts[0] as Float64Array;
    for (let r = 0; r < 1000; r++) {
      const v = data.values[r] as number;
      const b = binned.bins[r * 2] as number;
      if (b > 0) expect(v > (cuts[b - 1] as number)).toBe(true);
      if (b < cuts.length) expect(v <= (cuts[b] as number)).toBe(true);
    }
  });
});
