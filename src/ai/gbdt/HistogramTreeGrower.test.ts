import { describe, expect, it } from 'vitest';
import { syntheticBinaryDataset } from '../data/syntheticBinaryDataset.ts';
import { SeededRandom } from '../random/SeededRandom.ts';
import { HistogramTreeGrower } from './HistogramTreeGrower.ts';
import { MISSING_BIN, QuantileBins } from './QuantileBins.ts';

const lambda = 1;

/** The best split of a node by direct enumeration of rows (no histograms), missing values tried on both sides. */
function bruteForceBestGain(
  rows: number[],
  bins: Uint8Array,
  featureCount: number,
  grad: Float64Array,
  hess: Float64Array,
  binCounts: Uint16Array,
): number {
  const score = (g: number, h: number) => (g * g) / (h + lambda);
  let g = 0;
  let h = 0;
  for (const r of rows) {
    g += grad[r] as number;
    h += hess[r] as number;
  }
  let best = 0;
  for (let f = 0; f < featureCount; f++) {
    for (let t = 0; t < (binCounts[f] as number) - 1; t++) {
      for (const missingLeft of [false, true]) {
        let gl = 0;
        let hl = 0;
        for (const r of rows) {
          const b = bins[r * featureCount + f] as number;
          if (b === MISSING_BIN ? missingLeft : b <= t) {
            gl += grad[r] as number;
            hl += hess[r] as number;
          }
        }
        if (hl < 1 || h - hl < 1) continue;
        best = Math.max(best, 0.5 * (score(gl, hl) + score(g - gl, h - hl) - score(g, h)));
      }
    }
  }
  return best;
}

describe('HistogramTreeGrower', () => {
  it('finds the exact best split at every node (histogram subtraction and the unrolled tail included)', () => {
    const data = syntheticBinaryDataset({ rows: 600, features: 5, seed: 11, missingRate: 0.1 });
    const binning = QuantileBins.fit(data, 32);
    const binned = binning.bin(data);
    const random = new SeededRandom(2);
    const grad = Float64Array.from({ length: 600 }, () => random.nextGaussian());
    const hess = Float64Array.from({ length: 600 }, () => 0.5 + random.nextFloat());
    const grower = new HistogramTreeGrower(binned, binning.cuts, {
      maxDepth: 4,
      minChildWeight: 1,
      lambda,
      gamma: 0,
      learningRate: 1,
    });
    const all = Uint32Array.from({ length: 600 }, (_, i) => i);
    const grown = grower.grow(grad, hess, all, Uint32Array.from([0, 1, 2, 3, 4]));
    const { tree, thresholdBin } = grown;
    // Route rows on bins and compare each internal node's chosen gain with brute force over the node's rows.
    const rowsAt = new Map<number, number[]>([[0, Array.from(all)]]);
    let checked = 0;
    for (let node = 0; node < tree.feature.length; node++) {
      const rows = rowsAt.get(node) ?? [];
      const f = tree.feature[node] as number;
      if (f < 0) {
        let g = 0;
        let h = 0;
        for (const r of rows) {
          g += grad[r] as number;
          h += hess[r] as number;
        }
        expect(tree.value[node]).toBeCloseTo(-g / (h + lambda), 10);
        expect(tree.cover[node]).toBeCloseTo(h, 10);
        continue;
      }
      const left: number[] = [];
      const right: number[] = [];
      for (const r of rows) {
        const b = binned.bins[r * 5 + f] as number;
        const goesLeft =
          b === MISSING_BIN ? tree.defaultLeft[node] === 1 : b <= (thresholdBin[node] as number);
        (goesLeft ? left : right).push(r);
      }
      const gains = (rs: number[]) =>
        rs.reduce(
          (acc, r) => [(acc[0] as number) + (grad[r] as number), (acc[1] as number) + (hess[r] as number)],
          [0, 0],
        );
      const [g, h] = gains(rows) as [number, number];
      const [gl, hl] = gains(left) as [number, number];
      const chosen =
        0.5 * ((gl * gl) / (hl + lambda) + (g - gl) ** 2 / (h - hl + lambda) - (g * g) / (h + lambda));
      expect(chosen).toBeCloseTo(
        bruteForceBestGain(rows, binned.bins, 5, grad, hess, binning.binCounts()),
        9,
      );
      rowsAt.set(tree.left[node] as number, left);
      rowsAt.set(tree.right[node] as number, right);
      checked++;
    }
    expect(checked).toBeGreaterThan(7);
  });
});
