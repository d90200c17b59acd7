import type { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import { addGaussianNoise } from '../privacy/addGaussianNoise.ts';
import { clipToL2Norm } from '../privacy/clipToL2Norm.ts';
import type { ParametricModel } from './ParametricModel.ts';
import type { TrainingTable } from './TrainingTable.ts';

/** Record-level differential privacy for local training (DP-SGD, Abadi et al. 2016). */
export type DpSgdOptions = {
  /** Each row's gradient is clipped to this L2 norm. */
  readonly clipNorm: number;
  /** Noise std on the sum of clipped gradients is `noiseMultiplier × clipNorm`. */
  readonly noiseMultiplier: number;
};

/** How a site trains on its own rows in one round. */
export type LocalTrainingOptions = {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: 'sgd' | 'adam';
  /** L2 penalty λ/2·‖θ‖² on all parameters, default 0. */
  readonly l2?: number;
  /** FedProx (Li et al. 2020): adds μ/2·‖θ − θ_global‖², pulling local models toward the global one; 0 is FedAvg. */
  readonly proximalMu?: number;
  /** DP-SGD: Poisson-sampled batches (rate batchSize/rows), per-row clipping and Gaussian noise. */
  readonly dp?: DpSgdOptions;
};

/** What local training reports with the new parameters. */
export type LocalTrainingResult = {
  readonly parameters: Float64Array;
  /** Optimiser steps taken (the DP accountant composes this many sampled Gaussian mechanisms). */
  readonly steps: number;
  /** Probability that a row is in a batch (batchSize / rows, capped at 1). */
  readonly sampleRate: number;
  readonly meanLoss: number;
};

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

/**
 * Mini-batch training of a parametric model from `start` (the global model): SGD or Adam, optional FedProx term
 * and optional DP-SGD. Without DP, each epoch is a seeded shuffle cut into batches; with DP, each step draws a
 * Poisson sample (each row with probability q), clips every row's gradient to `clipNorm`, adds N(0, (σC)²) to the
 * sum and divides by the expected batch size qN, which is what the Rényi accountant's subsampled Gaussian assumes.
 */
export function trainLocally(
  model: ParametricModel,
  start: Float64Array,
  table: TrainingTable,
  options: LocalTrainingOptions,
  random: SeededRandom,
): LocalTrainingResult {
  const n = table.rowCount;
  if (start.length !== model.parameterCount || table.featureCount !== model.featureCount)
    throw new InvalidFederatedInputError('The parameters or rows do not match the model');
  if (n === 0 || !(options.epochs >= 1) || !(options.batchSize >= 1) || !(options.learningRate > 0))
    throw new InvalidFederatedInputError(
      'Local training needs rows, epochs >= 1, batchSize >= 1 and a rate > 0',
    );
  const p = table.featureCount;
  const dim = model.parameterCount;
  const theta = Float64Array.from(start);
  const grad = new Float64Array(dim);
  const rowGrad = options.dp ? new Float64Array(dim) : undefined;
  const m = options.optimizer === 'adam' ? new Float64Array(dim) : undefined;
  const v = options.optimizer === 'adam' ? new Float64Array(dim) : undefined;
  const l2 = options.l2 ?? 0;
  const mu = options.proximalMu ?? 0;
  const batchSize = Math.min(options.batchSize, n);
  const sampleRate = batchSize / n;
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const batch = new Uint32Array(n);
  let steps = 0;
  let lossSum = 0;
  let lossRows = 0;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    if (!options.dp) random.shuffle(order);
    for (let s = 0; s < stepsPerEpoch; s++) {
      let size = 0;
      if (options.dp) {
        for (let r = 0; r < n; r++) if (random.nextFloat() < sampleRate) batch[size++] = r;
      } else {
        const from = s * batchSize;
        size = Math.min(batchSize, n - from);
        batch.set(order.subarray(from, from + size));
      }
      grad.fill(0);
      if (options.dp && rowGrad) {
        const { clipNorm, noiseMultiplier } = options.dp;
        for (let i = 0; i < size; i++) {
          const r = batch[i] as number;
          rowGrad.fill(0);
          lossSum += model.addRowGradient(theta, table.x, r * p, table.y[r] as number, 1, rowGrad);
          clipToL2Norm(rowGrad, clipNorm);
          for (let k = 0; k < dim; k++) grad[k] = (grad[k] as number) + (rowGrad[k] as number);
        }
        addGaussianNoise(grad, noiseMultiplier * clipNorm, random);
        // Dividing by the expected (not the drawn) size keeps the batch size itself out of the released value.
        const expected = sampleRate * n;
        for (let k = 0; k < dim; k++) grad[k] = (grad[k] as number) / expected;
      } else {
        if (size === 0) continue;
        for (let i = 0; i < size; i++) {
          const r = batch[i] as number;
          lossSum += model.addRowGradient(theta, table.x, r * p, table.y[r] as number, 1 / size, grad);
        }
      }
      lossRows += size;
      if (l2 > 0 || mu > 0)
        for (let k = 0; k < dim; k++)
          grad[k] =
            (grad[k] as number) +
            l2 * (theta[k] as number) +
            mu * ((theta[k] as number) - (start[k] as number));
      steps++;
      applyStep(theta, grad, options.learningRate, steps, m, v);
    }
  }
  return { parameters: theta, steps, sampleRate, meanLoss: lossRows > 0 ? lossSum / lossRows : Number.NaN };
}

function applyStep(
  theta: Float64Array,
  grad: Float64Array,
  rate: number,
  step: number,
  m: Float64Array | undefined,
  v: Float64Array | undefined,
): void {
  if (!m || !v) {
    for (let k = 0; k < theta.length; k++) theta[k] = (theta[k] as number) - rate * (grad[k] as number);
    return;
  }
  const c1 = 1 - ADAM_BETA1 ** step;
  const c2 = 1 - ADAM_BETA2 ** step;
  for (let k = 0; k < theta.length; k++) {
    const g = grad[k] as number;
    const mk = ADAM_BETA1 * (m[k] as number) + (1 - ADAM_BETA1) * g;
    const vk = ADAM_BETA2 * (v[k] as number) + (1 - ADAM_BETA2) * g * g;
    m[k] = mk;
    v[k] = vk;
    theta[k] = (theta[k] as number) - (rate * (mk / c1)) / (Math.sqrt(vk / c2) + ADAM_EPSILON);
  }
}
