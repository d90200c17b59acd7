import { InvalidTrainingInputError } from '../aiErrors.ts';
import type { FeatureMatrix } from '../data/FeatureMatrix.ts';
import { SeededRandom } from '../random/SeededRandom.ts';

/** The bin every missing (`NaN`) value falls in; value bins are 0..254, so a bin fits one byte. */
export const MISSING_BIN = 255;

const SAMPLE_ROWS = 20_000;

/**
 * A matrix as bin numbers, twice: row-major (`bins[row * featureCount + feature]`) so building a histogram reads a
 * row's features together, and column-major (`columns[feature * rowCount + row]`) so partitioning a node on one
 * feature reads one small contiguous column.
 */
export type BinnedMatrix = {
  readonly rowCount: number;
  readonly featureCount: number;
  readonly bins: Uint8Array;
  readonly columns: Uint8Array;
};

/**
 * Per-feature cut points for histogram training (the `hist` method of XGBoost/LightGBM). A value `v` is in bin `b`,
 * the first with `v <= cuts[b]` (the last bin takes the rest); a split after bin `b` sends `v <= cuts[b]` left, so a
 * tree trained on bins predicts on raw values exactly as it was trained. With at most `maxBins` distinct values the
 * cuts are the midpoints between them; otherwise they are quantiles of the present values. Above 20,000 rows the
 * cuts come from a fixed 20,000-row sample (a value never sampled shares its neighbour's bin).
 */
export class QuantileBins {
  private constructor(
    /** Ascending cut points per feature; feature `f` has `cuts[f].length + 1` value bins. */
    readonly cuts: readonly Float64Array[],
  ) {}

  /** Learns cut points from the training matrix (`maxBins` <= 255 value bins per feature, plus the missing bin). */
  static fit(matrix: FeatureMatrix, maxBins = 255): QuantileBins {
    if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255)
      throw new InvalidTrainingInputError(`maxBins must be 2..255, got ${maxBins}`);
    const cuts: Float64Array[] = [];
    const n = matrix.rowCount;
    // Like LightGBM's bin_construct_sample_cnt: cut points from a fixed-seed row sample keep fitting cheap on large
    // data (sorting dominates) while each of 255 bins still rests on ~80 sampled values.
    const sampleRows = n > SAMPLE_ROWS ? new SeededRandom(0).sampleIndices(n, SAMPLE_ROWS).sort() : undefined;
    const sorted = new Float64Array(sampleRows?.length ?? n);
    for (let f = 0; f < matrix.featureNames.length; f++) {
      const column = matrix.values.subarray(f * n, (f + 1) * n);
      let present = 0;
      for (let i = 0; i < sorted.length; i++) {
        const v = column[sampleRows ? (sampleRows[i] as number) : i] as number;
        if (!Number.isNaN(v)) sorted[present++] = v;
      }
      const values = sorted.subarray(0, present).sort();
      const distinct: number[] = [];
      for (let i = 0; i < values.length && distinct.length <= maxBins; i++)
        if (i === 0 || values[i] !== values[i - 1]) distinct.push(values[i] as number);
      const featureCuts: number[] = [];
      if (distinct.length <= maxBins) {
        for (let i = 1; i < distinct.length; i++)
          featureCuts.push(((distinct[i - 1] as number) + (distinct[i] as number)) / 2);
      } else {
        for (let k = 1; k < maxBins; k++) {
          const v = values[Math.floor((k * values.length) / maxBins)] as number;
          if (featureCuts.length === 0 || v > (featureCuts[featureCuts.length - 1] as number))
            featureCuts.push(v);
        }
        // The largest value needs no cut of its own: the last bin holds everything above the last cut.
        while (
          featureCuts.length > 0 &&
          (featureCuts[featureCuts.length - 1] as number) >= (values.at(-1) as number)
        )
          featureCuts.pop();
      }
      cuts.push(Float64Array.from(featureCuts));
    }
    return new QuantileBins(cuts);
  }

  /** Bins from cut points agreed elsewhere (federated sites merging their sketches); each array must ascend. */
  static fromCuts(cuts: readonly ArrayLike<number>[]): QuantileBins {
    const copies = cuts.map((c, f) => {
      const featureCuts = Float64Array.from(c);
      if (
        featureCuts.length > 254 ||
        featureCuts.some((v, i) => !Number.isFinite(v) || (i > 0 && v <= (featureCuts[i - 1] as number)))
      )
        throw new InvalidTrainingInputError(
          `Cut points of feature ${f} must be at most 254 finite ascending values`,
        );
      return featureCuts;
    });
    return new QuantileBins(copies);
  }

  /** Number of value bins of each feature (the missing bin not counted). */
  binCounts(): Uint16Array {
    return Uint16Array.from(this.cuts, (c) => c.length + 1);
  }

  /** The bin of one value of feature `f`. */
  binOf(feature: number, value: number): number {
    if (Number.isNaN(value)) return MISSING_BIN;
    const cuts = this.cuts[feature] as Float64Array;
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (value <= (cuts[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Bins every value of a matrix with the learned cuts. */
  bin(matrix: FeatureMatrix): BinnedMatrix {
    const featureCount = this.cuts.length;
    if (matrix.featureNames.length !== featureCount)
      throw new InvalidTrainingInputError(
        `Expected ${featureCount} features, got ${matrix.featureNames.length}`,
      );
    const n = matrix.rowCount;
    const bins = new Uint8Array(n * featureCount);
    const columns = new Uint8Array(n * featureCount);
    const values = matrix.values;
    for (let f = 0; f < featureCount; f++) {
      const offset = f * n;
      const cuts = this.cuts[f] as Float64Array;
      const last = cuts.length;
      for (let r = 0; r < n; r++) {
        const value = values[offset + r] as number;
        let bin = MISSING_BIN;
        if (!Number.isNaN(value)) {
          // Branch-free lower bound: the comparison feeds a conditional move, not a mispredicted jump.
          let base = 0;
          let len = last + 1;
          while (len > 1) {
            const half = len >>> 1;
            base = (cuts[base + half - 1] as number) < value ? base + half : base;
            len -= half;
          }
          bin = base;
        }
        bins[r * featureCount + f] = bin;
        columns[offset + r] = bin;
      }
    }
    return { rowCount: n, featureCount, bins, columns };
  }
}
