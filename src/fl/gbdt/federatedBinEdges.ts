import type { FeatureMatrix } from '../../ai/data/FeatureMatrix.ts';
import { QuantileBins } from '../../ai/gbdt/QuantileBins.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';

/** One site's summary of each feature: `points` evenly spaced quantiles of its present values and their count. */
export type QuantileSketch = {
  readonly points: number;
  /** `quantiles[f * points + k]`: the value at rank (k + ½)/points of feature f (NaN when f has no values). */
  readonly quantiles: Float64Array;
  readonly counts: Float64Array;
};

/**
 * A site's quantile sketch, the only thing it reveals to agree on bin edges: `points` order statistics per feature
 * (not rows, and no labels). Sites that must not reveal even these can instead use fixed edges from a public value
 * range (`QuantileBins.fromCuts`).
 */
export function siteQuantileSketch(matrix: FeatureMatrix, points = 256): QuantileSketch {
  const p = matrix.featureNames.length;
  const n = matrix.rowCount;
  const quantiles = new Float64Array(p * points).fill(Number.NaN);
  const counts = new Float64Array(p);
  for (let f = 0; f < p; f++) {
    const present = matrix.values
      .subarray(f * n, (f + 1) * n)
      .filter((v) => !Number.isNaN(v))
      .sort();
    counts[f] = present.length;
    if (present.length === 0) continue;
    for (let k = 0; k < points; k++)
      quantiles[f * points + k] = present[
        Math.min(present.length - 1, Math.floor(((k + 0.5) * present.length) / points))
      ] as number;
  }
  return { points, quantiles, counts };
}

/**
 * Bin edges from every site's sketch, by the rule `QuantileBins.fit` uses on pooled rows: each sketch point stands
 * for count/points rows; with at most `maxBins` distinct values the cuts are midpoints between them, otherwise
 * weighted quantiles at k/maxBins of all rows.
 */
export function mergeQuantileSketches(sketches: readonly QuantileSketch[], maxBins = 255): QuantileBins {
  const first = sketches[0];
  if (!first) throw new InvalidFederatedInputError('No quantile sketches to merge');
  const featureCount = first.counts.length;
  if (sketches.some((s) => s.counts.length !== featureCount))
    throw new InvalidFederatedInputError('Quantile sketches disagree on the number of features');
  const cuts: number[][] = [];
  for (let f = 0; f < featureCount; f++) {
    const weighted: { value: number; weight: number }[] = [];
    for (const s of sketches) {
      const count = s.counts[f] as number;
      if (count === 0) continue;
      for (let k = 0; k < s.points; k++)
        weighted.push({ value: s.quantiles[f * s.points + k] as number, weight: count / s.points });
    }
    weighted.sort((a, b) => a.value - b.value);
    const distinct: number[] = [];
    for (const w of weighted) if (distinct.at(-1) !== w.value) distinct.push(w.value);
    const featureCuts: number[] = [];
    if (distinct.length <= maxBins) {
      for (let i = 1; i < distinct.length; i++)
        featureCuts.push(((distinct[i - 1] as number) + (distinct[i] as number)) / 2);
    } else {
      const total = weighted.reduce((s, w) => s + w.weight, 0);
      let cumulative = 0;
      let k = 1;
      for (const w of weighted) {
        cumulative += w.weight;
        while (k < maxBins && cumulative >= (k * total) / maxBins) {
          if (featureCuts.length === 0 || w.value > (featureCuts.at(-1) as number)) featureCuts.push(w.value);
          k++;
        }
      }
      const largest = distinct.at(-1) as number;
      while (featureCuts.length > 0 && (featureCuts.at(-1) as number) >= largest) featureCuts.pop();
    }
    cuts.push(featureCuts);
  }
  return QuantileBins.fromCuts(cuts);
}
