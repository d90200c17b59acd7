import { InvalidTrainingInputError } from '../aiErrors.ts';

/**
 * Isotonic regression by pool-adjacent-violators (PAV): the non-decreasing step function closest in squared error
 * to the labels, ordered by score. Predictions interpolate linearly between fitted points and are clamped beyond
 * the ends (scikit-learn's `IsotonicRegression(out_of_bounds="clip")`).
 */
export class IsotonicRegression {
  private constructor(
    /** Distinct training scores, ascending. */
    readonly thresholds: Float64Array,
    /** Fitted non-decreasing value at each threshold. */
    readonly values: Float64Array,
  ) {}

  /** Fits to scores and targets (0/1 labels for calibration; any numbers work). */
  static fit(scores: ArrayLike<number>, targets: ArrayLike<number>): IsotonicRegression {
    const n = scores.length;
    if (n !== targets.length || n === 0)
      throw new InvalidTrainingInputError('Isotonic regression needs paired data');
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => (scores[a] as number) - (scores[b] as number),
    );
    // Tied scores are one point with their mean target and their count as weight.
    const xs: number[] = [];
    const sums: number[] = [];
    const weights: number[] = [];
    for (const i of order) {
      const x = scores[i] as number;
      if (xs.length > 0 && xs[xs.length - 1] === x) {
        sums[sums.length - 1] = (sums[sums.length - 1] as number) + (targets[i] as number);
        weights[weights.length - 1] = (weights[weights.length - 1] as number) + 1;
      } else {
        xs.push(x);
        sums.push(targets[i] as number);
        weights.push(1);
      }
    }
    // PAV over blocks: merge backwards while a block's mean is below its predecessor's.
    const blockSum: number[] = [];
    const blockWeight: number[] = [];
    const blockEnd: number[] = [];
    for (let i = 0; i < xs.length; i++) {
      blockSum.push(sums[i] as number);
      blockWeight.push(weights[i] as number);
      blockEnd.push(i);
      while (blockSum.length > 1) {
        const k = blockSum.length - 1;
        if (
          (blockSum[k - 1] as number) / (blockWeight[k - 1] as number) <=
          (blockSum[k] as number) / (blockWeight[k] as number)
        )
          break;
        blockSum[k - 1] = (blockSum[k - 1] as number) + (blockSum[k] as number);
        blockWeight[k - 1] = (blockWeight[k - 1] as number) + (blockWeight[k] as number);
        blockEnd[k - 1] = blockEnd[k] as number;
        blockSum.pop();
        blockWeight.pop();
        blockEnd.pop();
      }
    }
    const values = new Float64Array(xs.length);
    let start = 0;
    blockEnd.forEach((end, b) => {
      const mean = (blockSum[b] as number) / (blockWeight[b] as number);
      for (let i = start; i <= end; i++) values[i] = mean;
      start = end + 1;
    });
    return new IsotonicRegression(Float64Array.from(xs), values);
  }

  /** Fitted values for new scores. */
  transform(scores: ArrayLike<number>): Float64Array {
    const { thresholds: xs, values } = this;
    const last = xs.length - 1;
    return Float64Array.from({ length: scores.length }, (_, k) => {
      const s = scores[k] as number;
      if (s <= (xs[0] as number)) return values[0] as number;
      if (s >= (xs[last] as number)) return values[last] as number;
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if ((xs[mid] as number) <= s) lo = mid;
        else hi = mid;
      }
      const x0 = xs[lo] as number;
      const x1 = xs[hi] as number;
      const y0 = values[lo] as number;
      return y0 + (((values[hi] as number) - y0) * (s - x0)) / (x1 - x0);
    });
  }
}
