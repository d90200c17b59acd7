import { InvalidTrainingInputError } from '../aiErrors.ts';
import { type LabelledDataset, takeLabelledRows } from '../data/FeatureMatrix.ts';
import { type GbdtParams, trainGbdt } from '../gbdt/trainGbdt.ts';
import { LogisticRegression, type LogisticRegressionParams } from '../linear/LogisticRegression.ts';
import { averagePrecision } from '../metrics/averagePrecision.ts';
import { brierScore } from '../metrics/brierScore.ts';
import { expectedCalibrationError } from '../metrics/expectedCalibrationError.ts';
import { rocAuc } from '../metrics/rocAuc.ts';
import { SeededRandom } from '../random/SeededRandom.ts';
import { stratifiedKFold } from './stratifiedKFold.ts';

/** The models `crossValidate` can evaluate. */
export type CvModelKind = 'gbdt' | 'logistic';

/** The four summary figures of a binary classifier. */
export type BinaryScores = { auc: number; prAuc: number; brier: number; ece: number };

/** One held-out fold's figures. */
export type FoldResult = BinaryScores & {
  fold: number;
  rows: number;
  positives: number;
  /** Trees kept by early stopping (GBDT only). */
  trees?: number;
};

/** Per-fold results, their mean, and the figures over all out-of-fold predictions pooled. */
export type CrossValidation = {
  folds: FoldResult[];
  mean: BinaryScores;
  pooled: BinaryScores;
  /** Out-of-fold probability of every row (each from the model that never saw it). */
  predictions: Float64Array;
};

/** Options of `crossValidate`. */
export type CrossValidationOptions = {
  model: CvModelKind;
  folds?: number;
  seed?: number;
  gbdt?: GbdtParams;
  logistic?: LogisticRegressionParams;
  /** Called after each fold (for progress output). */
  onFold?: (result: FoldResult) => void;
};

/** GBDT settings for small clinical tables: shallow trees, shrinkage, row/column sampling, early stopping. */
export const CV_GBDT_DEFAULTS: GbdtParams = {
  rounds: 1_000,
  learningRate: 0.05,
  maxDepth: 3,
  minChildWeight: 1,
  lambda: 1,
  subsample: 0.8,
  colsampleByTree: 0.8,
  earlyStoppingRounds: 50,
};

const MIN_CLASS_ROWS_FOR_EARLY_STOPPING = 25;

/** The four figures for one set of predictions. */
export function binaryScores(labels: ArrayLike<number>, probabilities: ArrayLike<number>): BinaryScores {
  return {
    auc: rocAuc(labels, probabilities),
    prAuc: averagePrecision(labels, probabilities),
    brier: brierScore(labels, probabilities),
    ece: expectedCalibrationError(labels, probabilities),
  };
}

/**
 * Stratified k-fold cross-validation with honest held-out folds: every figure comes from rows the model never saw.
 * For the GBDT, each training fold is split again (stratified, 80/20) to choose the number of trees by early
 * stopping, and the model is then refitted on the whole training fold with that many trees.
 */
export function crossValidate(dataset: LabelledDataset, options: CrossValidationOptions): CrossValidation {
  const random = new SeededRandom(options.seed ?? 0);
  const folds = stratifiedKFold(dataset.target, options.folds ?? 5, random);
  const predictions = new Float64Array(dataset.rowCount);
  const results: FoldResult[] = [];
  folds.forEach((fold, index) => {
    const train = takeLabelledRows(dataset, fold.train);
    const test = takeLabelledRows(dataset, fold.test);
    const { probabilities, trees } =
      options.model === 'gbdt'
        ? fitGbdt(train, test, { ...CV_GBDT_DEFAULTS, seed: random.nextUint32(), ...options.gbdt }, random)
        : { probabilities: LogisticRegression.fit(train, options.logistic).predict(test), trees: undefined };
    fold.test.forEach((row, i) => {
      predictions[row] = probabilities[i] as number;
    });
    let positives = 0;
    for (const y of test.target) positives += y;
    const result: FoldResult = {
      fold: index + 1,
      rows: test.rowCount,
      positives,
      ...binaryScores(test.target, probabilities),
      ...(trees === undefined ? {} : { trees }),
    };
    results.push(result);
    options.onFold?.(result);
  });
  const mean = (key: keyof BinaryScores) => results.reduce((s, r) => s + r[key], 0) / results.length;
  return {
    folds: results,
    mean: { auc: mean('auc'), prAuc: mean('prAuc'), brier: mean('brier'), ece: mean('ece') },
    pooled: binaryScores(dataset.target, predictions),
    predictions,
  };
}

function fitGbdt(
  train: LabelledDataset,
  test: LabelledDataset,
  params: GbdtParams,
  random: SeededRandom,
): { probabilities: Float64Array; trees: number } {
  let positives = 0;
  for (const y of train.target) positives += y;
  // Too few rows of a class for a 1-in-5 early-stopping split: fall back to a fixed, modest number of trees.
  const canStopEarly = Math.min(positives, train.rowCount - positives) >= MIN_CLASS_ROWS_FOR_EARLY_STOPPING;
  let trees = canStopEarly ? (params.rounds ?? 100) : Math.min(params.rounds ?? 100, 100);
  if (params.earlyStoppingRounds !== undefined && canStopEarly) {
    const [inner] = stratifiedKFold(train.target, 5, random);
    if (!inner) throw new InvalidTrainingInputError('Cannot split the training fold for early stopping');
    const search = trainGbdt(
      takeLabelledRows(train, inner.train),
      params,
      takeLabelledRows(train, inner.test),
    );
    trees = Math.max(1, search.bestRounds);
  }
  const { earlyStoppingRounds: _unused, ...rest } = params;
  const { model } = trainGbdt(train, { ...rest, rounds: trees });
  return { probabilities: model.predict(test), trees };
}
