import { describe, expect, it } from 'vitest';
import { InvalidTrainingInputError } from '../aiErrors.ts';
import { featureMatrixFromRows, type LabelledDataset } from '../data/FeatureMatrix.ts';
import { syntheticBinaryDataset } from '../data/syntheticBinaryDataset.ts';
import { rocAuc } from '../metrics/rocAuc.ts';
import { SeededRandom } from '../random/SeededRandom.ts';
import { trainGbdt } from './trainGbdt.ts';

describe('trainGbdt', () => {
  it('learns a nonlinear binary task and generalises to fresh data', () => {
    const train = syntheticBinaryDataset({ rows: 5_000, features: 10, seed: 1, missingRate: 0.05 });
    const test = syntheticBinaryDataset({ rows: 3_000, features: 10, seed: 2, missingRate: 0.05 });
    const { model } = trainGbdt(train, {
      rounds: 80,
      maxDepth: 4,
      subsample: 0.8,
      colsampleByTree: 0.8,
      seed: 3,
    });
    const auc = rocAuc(test.target, model.predict(test));
    // The generating model's own AUC on this task is about 0.87; a good learner gets close.
    expect(auc).toBeGreaterThan(0.82);
    const gain = Array.from(model.featureGain);
    expect(gain[0]).toBeGreaterThan(5 * (gain[9] as number));
  });

  it('learns which side missing values belong on', () => {
    // y = 1 exactly when x is missing or above 5: the split must send NaN right, with the high values.
    const random = new SeededRandom(4);
    const rows: (number | null)[][] = [];
    const target: number[] = [];
    for (let i = 0; i < 400; i++) {
      const missing = i % 4 === 0;
      const x = random.nextFloat() * 10;
      rows.push([missing ? null : x]);
      target.push(missing || x > 5 ? 1 : 0);
    }
    const data: LabelledDataset = { ...featureMatrixFromRows(rows), target: Float64Array.from(target) };
    const { model } = trainGbdt(data, { rounds: 20, maxDepth: 1, learningRate: 0.5 });
    expect(model.trees[0]?.defaultLeft[0]).toBe(0);
    const p = model.predict(featureMatrixFromRows([[null], [9], [1]]));
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[2]).toBeLessThan(0.1);
  });

  it('fits squared-error regression', () => {
    const random = new SeededRandom(9);
    const n = 2_000;
    const rows = Array.from({ length: n }, () => [random.nextFloat() * 6 - 3, random.nextFloat()]);
    const target = Float64Array.from(rows, ([a]) => Math.sin(a as number) * 3 + random.nextGaussian() * 0.1);
    const data: LabelledDataset = { ...featureMatrixFromRows(rows), target };
    const { model } = trainGbdt(data, { objective: 'reg:squarederror', rounds: 200, maxDepth: 3 });
    const grid = featureMatrixFromRows([
      [-1.5, 0.5],
      [0, 0.5],
      [1.5, 0.5],
    ]);
    const predicted = model.predict(grid);
    [-1.5, 0, 1.5].forEach((a, i) => {
      expect(Math.abs((predicted[i] as number) - Math.sin(a) * 3)).toBeLessThan(0.2);
    });
  });

  it('stops early on the validation loss and keeps the best round', () => {
    const train = syntheticBinaryDataset({ rows: 600, features: 10, seed: 5 });
    const valid = syntheticBinaryDataset({ rows: 600, features: 10, seed: 6 });
    const run = trainGbdt(
      train,
      { rounds: 500, learningRate: 0.3, maxDepth: 6, earlyStoppingRounds: 10 },
      valid,
    );
    expect(run.bestRounds).toBeLessThan(100);
    expect(run.model.trees).toHaveLength(run.bestRounds);
    expect(run.validationLoss).toHaveLength(run.bestRounds + 10);
    const best = Math.min(...run.validationLoss);
    expect(run.validationLoss[run.bestRounds - 1]).toBe(best);
  });

  it('is reproducible for a seed and varies with it when sampling', () => {
    const data = syntheticBinaryDataset({ rows: 1_000, features: 6, seed: 8 });
    const params = { rounds: 10, subsample: 0.5, colsampleByTree: 0.5 };
    const a = trainGbdt(data, { ...params, seed: 1 }).model.predictMargin(data);
    const b = trainGbdt(data, { ...params, seed: 1 }).model.predictMargin(data);
    const c = trainGbdt(data, { ...params, seed: 2 }).model.predictMargin(data);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('refuses bad parameters with the reasons', () => {
    const data = syntheticBinaryDataset({ rows: 50, features: 2, seed: 1 });
    expect(() => trainGbdt(data, { rounds: 0, subsample: 2 })).toThrow(InvalidTrainingInputError);
    expect(() => trainGbdt(data, { earlyStoppingRounds: 5 })).toThrow(/validation set/);
    expect(() => trainGbdt({ ...data, target: data.target.map((y) => y * 2) })).toThrow(/0\/1 targets/);
  });
});
