import type { LabelledDataset } from '../../ai/data/FeatureMatrix.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import type { TrainingTable } from './TrainingTable.ts';

/**
 * Feature standardisation every site applies identically: means and standard deviations come from per-site sums
 * (count, Σx, Σx² of present values per feature) added up by the coordinator (through secure aggregation when on),
 * so no site reveals its own moments. Missing values become the mean (0 after scaling).
 */
export class FeatureScaler {
  private constructor(
    readonly means: Float64Array,
    readonly scales: Float64Array,
  ) {}

  /** One site's contribution: `[count_f, Σx_f, Σx²_f]` for each feature `f`, to be summed over sites. */
  static siteSums(data: LabelledDataset): Float64Array {
    const p = data.featureNames.length;
    const n = data.rowCount;
    const sums = new Float64Array(3 * p);
    for (let f = 0; f < p; f++) {
      let count = 0;
      let sum = 0;
      let sumSq = 0;
      for (let r = 0; r < n; r++) {
        const v = data.values[f * n + r] as number;
        if (Number.isNaN(v)) continue;
        count++;
        sum += v;
        sumSq += v * v;
      }
      sums[3 * f] = count;
      sums[3 * f + 1] = sum;
      sums[3 * f + 2] = sumSq;
    }
    return sums;
  }

  /** The scaler from site sums added element-wise. */
  static fromSums(total: Float64Array): FeatureScaler {
    if (total.length % 3 !== 0)
      throw new InvalidFederatedInputError('Feature sums come in threes per feature');
    const p = total.length / 3;
    const means = new Float64Array(p);
    const scales = new Float64Array(p).fill(1);
    for (let f = 0; f < p; f++) {
      const count = total[3 * f] as number;
      if (count === 0) continue;
      const mean = (total[3 * f + 1] as number) / count;
      const variance = Math.max(0, (total[3 * f + 2] as number) / count - mean * mean);
      means[f] = mean;
      // A constant feature keeps scale 1 rather than dividing by zero.
      if (variance > 1e-12) scales[f] = Math.sqrt(variance);
    }
    return new FeatureScaler(means, scales);
  }

  /** Standardised row-major rows of `data` with its labels. */
  transform(data: LabelledDataset): TrainingTable {
    const p = this.means.length;
    if (data.featureNames.length !== p)
      throw new InvalidFederatedInputError(`Expected ${p} features, got ${data.featureNames.length}`);
    const n = data.rowCount;
    const x = new Float64Array(n * p);
    for (let f = 0; f < p; f++) {
      const mean = this.means[f] as number;
      const scale = this.scales[f] as number;
      for (let r = 0; r < n; r++) {
        const v = data.values[f * n + r] as number;
        x[r * p + f] = Number.isNaN(v) ? 0 : (v - mean) / scale;
      }
    }
    return { rowCount: n, featureCount: p, x, y: data.target };
  }
}
