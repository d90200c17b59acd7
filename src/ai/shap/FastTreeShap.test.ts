import { describe, expect, it } from 'vitest';
import { type FeatureMatrix, featureMatrixFromRows, featureRow } from '../data/FeatureMatrix.ts';
import { syntheticBinaryDataset } from '../data/syntheticBinaryDataset.ts';
import { GbdtModel } from '../gbdt/GbdtModel.ts';
import type { RegressionTree } from '../gbdt/RegressionTree.ts';
import { trainGbdt } from '../gbdt/trainGbdt.ts';
import { FastTreeShap, treeExpectation } from './FastTreeShap.ts';
import { pathTreeShap } from './pathTreeShap.ts';
import { topContributions } from './TreeShapExplanation.ts';

/** f_x(S): the tree's expected output when features in S are fixed to x and the rest follow the cover split. */
function conditionalExpectation(
  tree: RegressionTree,
  x: Float64Array,
  inS: (f: number) => boolean,
  node = 0,
): number {
  const f = tree.feature[node] as number;
  if (f < 0) return tree.value[node] as number;
  const l = tree.left[node] as number;
  const r = tree.right[node] as number;
  if (inS(f)) {
    const v = x[f] as number;
    const t = tree.threshold[node] as number;
    const goesLeft = v <= t ? true : v > t ? false : tree.defaultLeft[node] === 1;
    return conditionalExpectation(tree, x, inS, goesLeft ? l : r);
  }
  const c = tree.cover[node] as number;
  return (
    ((tree.cover[l] as number) / c) * conditionalExpectation(tree, x, inS, l) +
    ((tree.cover[r] as number) / c) * conditionalExpectation(tree, x, inS, r)
  );
}

/** Shapley values by enumerating every coalition (2^M), the definition TreeSHAP must reproduce. */
function bruteForceShap(model: GbdtModel, x: Float64Array): Float64Array {
  const m = model.featureNames.length;
  const value = (mask: number) =>
    model.trees.reduce(
      (sum, tree) => sum + conditionalExpectation(tree, x, (f) => (mask & (1 << f)) !== 0),
      0,
    );
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let b = 0; b < m; b++) size += (mask >> b) & 1;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      phi[i] = (phi[i] as number) + weight * (value(mask | (1 << i)) - value(mask));
    }
  }
  return phi;
}

function smallModel(
  features: number,
  seed: number,
  missingRate = 0,
): { model: GbdtModel; data: FeatureMatrix } {
  const data = syntheticBinaryDataset({ rows: 400, features, seed, missingRate });
  // Depth 5 over few features makes features repeat along paths, the case Algorithm 2 unwinds.
  const { model } = trainGbdt(data, { rounds: 6, maxDepth: 5, learningRate: 0.3, seed, subsample: 0.8 });
  return { model, data };
}

describe('TreeSHAP', () => {
  it.each([
    [3, 1, 0],
    [5, 2, 0.1],
    [6, 3, 0.05],
  ])(
    'matches brute-force Shapley values (%i features, seed %i, missing %f)',
    (features, seed, missingRate) => {
      const { model, data } = smallModel(features, seed, missingRate);
      const explanation = new FastTreeShap(model).explain(data);
      for (let row = 0; row < 12; row++) {
        const x = featureRow(data, row);
        const expected = bruteForceShap(model, x);
        const reference = new Float64Array(features);
        for (const tree of model.trees) pathTreeShap(tree, x, reference);
        for (let f = 0; f < features; f++) {
          expect(reference[f]).toBeCloseTo(expected[f] as number, 10);
          expect(explanation.values[row * features + f]).toBeCloseTo(expected[f] as number, 10);
        }
      }
    },
  );

  it('values plus the expected value sum to the margin for every row', () => {
    const data = syntheticBinaryDataset({ rows: 2_000, features: 12, seed: 7, missingRate: 0.05 });
    const { model } = trainGbdt(data, { rounds: 40, maxDepth: 6, seed: 7, colsampleByTree: 0.8 });
    const explanation = new FastTreeShap(model).explain(data);
    const margin = model.predictMargin(data);
    let worst = 0;
    for (let row = 0; row < data.rowCount; row++) {
      let sum = explanation.expectedValue;
      for (let f = 0; f < 12; f++) sum += explanation.values[row * 12 + f] as number;
      worst = Math.max(worst, Math.abs(sum - (margin[row] as number)));
    }
    expect(worst).toBeLessThan(1e-9);
    // The noise features (x6..x11 play no part in the label) get far less credit than the signal ones.
    const meanAbs = (f: number) => {
      let s = 0;
      for (let row = 0; row < data.rowCount; row++) s += Math.abs(explanation.values[row * 12 + f] as number);
      return s / data.rowCount;
    };
    expect(meanAbs(0)).toBeGreaterThan(5 * meanAbs(8));
    expect(topContributions(explanation, 0, 3)).toHaveLength(3);
  });

  it('falls back to Algorithm 2 for trees too deep to tabulate, with the same values', () => {
    const data = syntheticBinaryDataset({ rows: 3_000, features: 12, seed: 13, missingRate: 0.05 });
    const { model } = trainGbdt(data, { rounds: 8, maxDepth: 11, minChildWeight: 0.01, seed: 13 });
    const explanation = new FastTreeShap(model).explain(data);
    for (let row = 0; row < 20; row++) {
      const reference = new Float64Array(12);
      for (const tree of model.trees) pathTreeShap(tree, featureRow(data, row), reference);
      for (let f = 0; f < 12; f++)
        expect(explanation.values[row * 12 + f]).toBeCloseTo(reference[f] as number, 10);
    }
  });

  it('uses the expectation under the training cover as the base value', () => {
    const tree: RegressionTree = {
      feature: Int32Array.from([0, -1, -1]),
      threshold: Float64Array.from([0.5, 0, 0]),
      defaultLeft: Uint8Array.from([1, 0, 0]),
      left: Int32Array.from([1, -1, -1]),
      right: Int32Array.from([2, -1, -1]),
      value: Float64Array.from([0, 1, 3]),
      cover: Float64Array.from([4, 3, 1]),
    };
    expect(treeExpectation(tree)).toBeCloseTo(1.5, 12);
    const model = new GbdtModel('reg:squarederror', 10, ['a'], [tree]);
    const explanation = new FastTreeShap(model).explain(
      featureMatrixFromRows([[1], [0], [Number.NaN]], ['a']),
    );
    expect(explanation.expectedValue).toBeCloseTo(11.5, 12);
    expect(Array.from(explanation.values)).toEqual([1.5, -0.5, -0.5]);
  });
});
