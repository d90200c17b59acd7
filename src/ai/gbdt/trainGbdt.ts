import { InvalidTrainingInputError } from '../aiErrors.ts';
import { assertSameFeatures, type LabelledDataset } from '../data/FeatureMatrix.ts';
import { SeededRandom } from '../random/SeededRandom.ts';
import { GbdtModel } from './GbdtModel.ts';
import { type GbdtObjectiveName, gbdtObjective } from './gbdtObjective.ts';
import { HistogramTreeGrower } from './HistogramTreeGrower.ts';
import { MISSING_BIN, QuantileBins } from './QuantileBins.ts';
import { addTreeOutput, type RegressionTree } from './RegressionTree.ts';

/** Training options; defaults follow XGBoost (`hist`) except where noted. */
export type GbdtParams = {
  objective?: GbdtObjectiveName;
  /** Boosting rounds (trees), default 100. */
  rounds?: number;
  /** Shrinkage per tree, default 0.1 (XGBoost: 0.3). */
  learningRate?: number;
  maxDepth?: number;
  minChildWeight?: number;
  /** L2 penalty on leaf weights, default 1. */
  lambda?: number;
  /** Minimum loss reduction to split, default 0. */
  gamma?: number;
  /** Share of rows drawn (without replacement) for each tree, default 1. */
  subsample?: number;
  /** Share of features drawn for each tree, default 1. */
  colsampleByTree?: number;
  /** Value bins per feature, at most 255 (a missing bin is added), default 255. */
  maxBins?: number;
  /** Stop when the validation loss has not improved for this many rounds (needs a validation set). */
  earlyStoppingRounds?: number;
  seed?: number;
  /** Fixed bin edges (for example agreed by federated sites); default: fitted on the training rows. */
  bins?: QuantileBins;
};

/** What training reports besides the model. */
export type GbdtTraining = {
  readonly model: GbdtModel;
  /** Validation loss (log loss or RMSE) after each round, when a validation set was given. */
  readonly validationLoss: readonly number[];
  /** Trees kept: all of them, or the best round's count with early stopping. */
  readonly bestRounds: number;
};

/**
 * Trains a histogram GBDT: features are binned once (`QuantileBins`), each round fits a `HistogramTreeGrower` tree
 * to the loss's gradients and hessians on a seeded row and column sample, and with a validation set and
 * `earlyStoppingRounds` the ensemble is cut back to the round with the lowest validation loss.
 */
export function trainGbdt(
  train: LabelledDataset,
  params: GbdtParams = {},
  validation?: LabelledDataset,
): GbdtTraining {
  const p = {
    objective: params.objective ?? 'binary:logistic',
    rounds: params.rounds ?? 100,
    learningRate: params.learningRate ?? 0.1,
    maxDepth: params.maxDepth ?? 6,
    minChildWeight: params.minChildWeight ?? 1,
    lambda: params.lambda ?? 1,
    gamma: params.gamma ?? 0,
    subsample: params.subsample ?? 1,
    colsampleByTree: params.colsampleByTree ?? 1,
    maxBins: params.maxBins ?? 255,
  };
  validateParams(train, p, params.earlyStoppingRounds, validation);
  if (validation) assertSameFeatures(validation, train.featureNames);
  const objective = gbdtObjective(p.objective);
  const random = new SeededRandom(params.seed ?? 0);
  const n = train.rowCount;
  const featureCount = train.featureNames.length;
  const bins = params.bins ?? QuantileBins.fit(train, p.maxBins);
  const binned = bins.bin(train);
  const grower = new HistogramTreeGrower(binned, bins.cuts, p);

  const baseScore = objective.baseScore(train.target);
  const margin = new Float64Array(n).fill(baseScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const validationMargin = validation ? new Float64Array(validation.rowCount).fill(baseScore) : undefined;
  const validationLoss: number[] = [];
  const trees: RegressionTree[] = [];
  const featureGain = new Float64Array(featureCount);
  const allRows = Uint32Array.from({ length: n }, (_, i) => i);
  const allFeatures = Uint32Array.from({ length: featureCount }, (_, i) => i);
  const sampleSize = Math.max(1, Math.round(p.subsample * n));
  const featureSampleSize = Math.max(1, Math.round(p.colsampleByTree * featureCount));
  let best = { loss: Number.POSITIVE_INFINITY, rounds: 0 };

  for (let round = 0; round < p.rounds; round++) {
    objective.gradients(train.target, margin, grad, hess);
    const sample = sampleSize < n ? random.sampleIndices(n, sampleSize).sort() : allRows;
    const features =
      featureSampleSize < featureCount
        ? random.sampleIndices(featureCount, featureSampleSize).sort()
        : allFeatures;
    const grown = grower.grow(grad, hess, sample, features);
    trees.push(grown.tree);
    for (let f = 0; f < featureCount; f++)
      featureGain[f] = (featureGain[f] as number) + (grown.gainByFeature[f] as number);
    if (sample === allRows) {
      // Every row is in exactly one leaf segment, so no traversal is needed.
      for (const leaf of grown.leaves) {
        const v = grown.tree.value[leaf.node] as number;
        for (let i = leaf.start; i < leaf.end; i++) {
          const r = grown.rows[i] as number;
          margin[r] = (margin[r] as number) + v;
        }
      }
    } else {
      addBinnedTreeOutput(grown.tree, grown.thresholdBin, binned.bins, featureCount, margin);
    }
    if (validation && validationMargin) {
      addTreeOutput(grown.tree, validation, validationMargin);
      const loss = objective.loss(validation.target, validationMargin);
      validationLoss.push(loss);
      if (loss < best.loss) best = { loss, rounds: round + 1 };
      else if (
        params.earlyStoppingRounds !== undefined &&
        round + 1 - best.rounds >= params.earlyStoppingRounds
      )
        break;
    }
  }
  const kept = validation && params.earlyStoppingRounds !== undefined ? best.rounds : trees.length;
  return {
    model: new GbdtModel(p.objective, baseScore, train.featureNames, trees.slice(0, kept), featureGain),
    validationLoss,
    bestRounds: kept,
  };
}

/** Adds a tree's output to every training row, routing on bins (exactly what the raw thresholds would do). */
function addBinnedTreeOutput(
  tree: RegressionTree,
  thresholdBin: Uint8Array,
  bins: Uint8Array,
  featureCount: number,
  out: Float64Array,
): void {
  const { feature, defaultLeft, left, right, value } = tree;
  const missing = MISSING_BIN;
  for (let r = 0; r < out.length; r++) {
    let node = 0;
    let f = feature[0] as number;
    const base = r * featureCount;
    while (f >= 0) {
      const b = bins[base + f] as number;
      const goLeft = b === missing ? defaultLeft[node] === 1 : b <= (thresholdBin[node] as number);
      node = goLeft ? (left[node] as number) : (right[node] as number);
      f = feature[node] as number;
    }
    out[r] = (out[r] as number) + (value[node] as number);
  }
}

function validateParams(
  train: LabelledDataset,
  p: Required<Omit<GbdtParams, 'earlyStoppingRounds' | 'seed' | 'bins'>>,
  earlyStoppingRounds: number | undefined,
  validation: LabelledDataset | undefined,
): void {
  const problems: string[] = [];
  if (train.rowCount < 2) problems.push('at least 2 training rows are needed');
  if (train.target.length !== train.rowCount) problems.push('target length differs from the row count');
  if (!Number.isInteger(p.rounds) || p.rounds < 1) problems.push('rounds must be a positive integer');
  if (!(p.learningRate > 0)) problems.push('learningRate must be > 0');
  if (!Number.isInteger(p.maxDepth) || p.maxDepth < 0 || p.maxDepth > 16)
    problems.push('maxDepth must be 0..16');
  if (!(p.minChildWeight >= 0) || !(p.lambda >= 0) || !(p.gamma >= 0))
    problems.push('minChildWeight, lambda and gamma must be >= 0');
  if (!(p.subsample > 0 && p.subsample <= 1) || !(p.colsampleByTree > 0 && p.colsampleByTree <= 1))
    problems.push('subsample and colsampleByTree must be in (0, 1]');
  if (earlyStoppingRounds !== undefined && !validation)
    problems.push('earlyStoppingRounds needs a validation set');
  if (p.objective === 'binary:logistic' && train.target.some((y) => y !== 0 && y !== 1))
    problems.push('binary:logistic needs 0/1 targets');
  if (problems.length > 0)
    throw new InvalidTrainingInputError('Cannot train the GBDT with these inputs', { details: problems });
}
