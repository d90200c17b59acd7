import { InvalidTrainingInputError } from '../aiErrors.ts';
import { assertSameFeatures, type FeatureMatrix, type LabelledDataset } from '../data/FeatureMatrix.ts';
import { marginLogLoss, sigmoid } from '../math/logistic.ts';
import { solveCholesky } from './solveCholesky.ts';

/** Options of `LogisticRegression.fit`. */
export type LogisticRegressionParams = {
  /** L2 penalty on the standardised coefficients (not the intercept), as in Σ log loss + λ/2·‖w‖²; default 1. */
  l2?: number;
  maxIterations?: number;
  /** Stop when the largest Newton step is below this, default 1e-8. */
  tolerance?: number;
};

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on standardised features. Each feature is
 * centred and scaled by its training mean and standard deviation; a missing value becomes the mean (0 after
 * scaling). Newton needs a (p+1)² system per step, which suits clinical tables of tens to a few hundred features.
 */
export class LogisticRegression {
  private constructor(
    readonly featureNames: readonly string[],
    private readonly means: Float64Array,
    private readonly scales: Float64Array,
    /** Coefficients on the standardised scale. */
    readonly weights: Float64Array,
    readonly intercept: number,
  ) {}

  /** Fits the model to 0/1 labels. */
  static fit(data: LabelledDataset, params: LogisticRegressionParams = {}): LogisticRegression {
    const l2 = params.l2 ?? 1;
    const maxIterations = params.maxIterations ?? 100;
    const tolerance = params.tolerance ?? 1e-8;
    if (!(l2 >= 0)) throw new InvalidTrainingInputError(`l2 must be >= 0, got ${l2}`);
    if (data.rowCount < 2 || data.target.some((y) => y !== 0 && y !== 1))
      throw new InvalidTrainingInputError('Logistic regression needs at least 2 rows with 0/1 labels');
    const n = data.rowCount;
    const p = data.featureNames.length;
    const { means, scales } = standardisation(data);
    const x = standardise(data, means, scales);
    const dim = p + 1;
    // Parameter vector: [intercept, w_0..w_{p-1}].
    const beta = new Float64Array(dim);
    const gradient = new Float64Array(dim);
    const hessian = new Float64Array(dim * dim);
    const margin = new Float64Array(n);
    // Penalised log loss at `b`, leaving each row's margin in `margin`.
    const objective = (b: Float64Array): number => {
      let loss = 0;
      for (let r = 0; r < n; r++) {
        let m = b[0] as number;
        for (let f = 0; f < p; f++) m += (b[f + 1] as number) * (x[f * n + r] as number);
        margin[r] = m;
        loss += marginLogLoss(m, data.target[r] as number);
      }
      for (let i = 1; i < dim; i++) loss += (l2 / 2) * (b[i] as number) ** 2;
      return loss;
    };
    let loss = objective(beta);
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      gradient.fill(0);
      hessian.fill(0);
      for (let r = 0; r < n; r++) {
        const prob = sigmoid(margin[r] as number);
        const residual = prob - (data.target[r] as number);
        const w = Math.max(prob * (1 - prob), 1e-12);
        for (let i = 0; i < dim; i++) {
          const xi = i === 0 ? 1 : (x[(i - 1) * n + r] as number);
          gradient[i] = (gradient[i] as number) + residual * xi;
          const wxi = w * xi;
          for (let j = 0; j <= i; j++) {
            const xj = j === 0 ? 1 : (x[(j - 1) * n + r] as number);
            hessian[i * dim + j] = (hessian[i * dim + j] as number) + wxi * xj;
          }
        }
      }
      for (let i = 1; i < dim; i++) {
        gradient[i] = (gradient[i] as number) + l2 * (beta[i] as number);
        hessian[i * dim + i] = (hessian[i * dim + i] as number) + l2;
      }
      hessian[0] = (hessian[0] as number) + 1e-9;
      for (let i = 0; i < dim; i++)
        for (let j = 0; j < i; j++) hessian[j * dim + i] = hessian[i * dim + j] as number;
      const step = solveCholesky(hessian, gradient, dim);
      if (!step) throw new InvalidTrainingInputError('The Newton system is singular; add L2 regularisation');
      // Halve the step until the loss does not rise (Newton can overshoot far from the optimum).
      let scale = 1;
      const candidate = new Float64Array(dim);
      let candidateLoss = Number.POSITIVE_INFINITY;
      for (; scale > 1e-6; scale /= 2) {
        for (let i = 0; i < dim; i++) candidate[i] = (beta[i] as number) - scale * (step[i] as number);
        candidateLoss = objective(candidate);
        if (candidateLoss <= loss + 1e-12) break;
      }
      let largest = 0;
      for (let i = 0; i < dim; i++) largest = Math.max(largest, Math.abs(scale * (step[i] as number)));
      beta.set(candidate);
      loss = candidateLoss;
      if (largest < tolerance) break;
    }
    objective(beta);
    return new LogisticRegression(data.featureNames, means, scales, beta.slice(1), beta[0] as number);
  }

  /** Coefficients and intercept in the features' own units (for reading the model, not for scoring). */
  rawCoefficients(): { weights: Float64Array; intercept: number } {
    const weights = this.weights.map((w, f) => w / (this.scales[f] as number));
    let intercept = this.intercept;
    weights.forEach((w, f) => {
      intercept -= w * (this.means[f] as number);
    });
    return { weights, intercept };
  }

  /** Log-odds of every row. */
  predictMargin(matrix: FeatureMatrix): Float64Array {
    assertSameFeatures(matrix, this.featureNames);
    const n = matrix.rowCount;
    const x = standardise(matrix, this.means, this.scales);
    const out = new Float64Array(n).fill(this.intercept);
    for (let f = 0; f < this.weights.length; f++) {
      const w = this.weights[f] as number;
      for (let r = 0; r < n; r++) out[r] = (out[r] as number) + w * (x[f * n + r] as number);
    }
    return out;
  }

  /** Probability of the positive class for every row. */
  predict(matrix: FeatureMatrix): Float64Array {
    return this.predictMargin(matrix).map(sigmoid);
  }
}

function standardisation(matrix: FeatureMatrix): { means: Float64Array; scales: Float64Array } {
  const n = matrix.rowCount;
  const p = matrix.featureNames.length;
  const means = new Float64Array(p);
  const scales = new Float64Array(p).fill(1);
  for (let f = 0; f < p; f++) {
    let count = 0;
    let sum = 0;
    let sumSq = 0;
    for (let r = 0; r < n; r++) {
      const v = matrix.values[f * n + r] as number;
      if (Number.isNaN(v)) continue;
      count++;
      sum += v;
      sumSq += v * v;
    }
    if (count === 0) continue;
    const mean = sum / count;
    const variance = Math.max(0, sumSq / count - mean * mean);
    means[f] = mean;
    // A constant column keeps scale 1: its standardised value is 0 and its weight stays 0.
    scales[f] = variance > 1e-24 ? Math.sqrt(variance) : 1;
  }
  return { means, scales };
}

function standardise(matrix: FeatureMatrix, means: Float64Array, scales: Float64Array): Float64Array {
  const n = matrix.rowCount;
  const out = new Float64Array(matrix.values.length);
  for (let f = 0; f < means.length; f++) {
    const mean = means[f] as number;
    const scale = scales[f] as number;
    for (let r = 0; r < n; r++) {
      const v = matrix.values[f * n + r] as number;
      out[f * n + r] = Number.isNaN(v) ? 0 : (v - mean) / scale;
    }
  }
  return out;
}
