import { sigmoid } from '../math/logistic.ts';
import { SeededRandom } from '../random/SeededRandom.ts';
import type { LabelledDataset } from './FeatureMatrix.ts';

/** Options of `syntheticBinaryDataset`. */
export type SyntheticBinaryOptions = {
  rows: number;
  features: number;
  seed: number;
  /** Share of feature values replaced by `NaN`, default 0. */
  missingRate?: number;
};

/**
 * A seeded binary task for tests and benchmarks: standard normal features, a label drawn from a logistic model with
 * main effects, an interaction and a threshold effect on the first features (the rest are noise), so trees have
 * something to find and known-useless features exist.
 */
export function syntheticBinaryDataset(options: SyntheticBinaryOptions): LabelledDataset {
  const { rows, features, seed } = options;
  const missingRate = options.missingRate ?? 0;
  const random = new SeededRandom(seed);
  const values = new Float64Array(rows * features);
  for (let i = 0; i < values.length; i++) values[i] = random.nextGaussian();
  const target = new Float64Array(rows);
  const x = (f: number, r: number) => (f < features ? (values[f * rows + r] as number) : 0);
  for (let r = 0; r < rows; r++) {
    const logit =
      1.5 * x(0, r) -
      x(1, r) +
      1.2 * x(2, r) * x(3, r) +
      (x(4, r) > 0.5 ? 1.5 : -0.5) +
      0.5 * Math.sin(3 * x(5, r));
    target[r] = random.nextFloat() < sigmoid(logit) ? 1 : 0;
  }
  if (missingRate > 0)
    for (let i = 0; i < values.length; i++) if (random.nextFloat() < missingRate) values[i] = Number.NaN;
  return {
    rowCount: rows,
    featureNames: Array.from({ length: features }, (_, f) => `x${f}`),
    values,
    target,
  };
}
