import { IsolationForest } from '../../ai/anomaly/IsolationForest.ts';
import { PlattScaling } from '../../ai/calibration/PlattScaling.ts';
import { type LabelledDataset, takeLabelledRows, takeRows } from '../../ai/data/FeatureMatrix.ts';
import { type GbdtParams, trainGbdt } from '../../ai/gbdt/trainGbdt.ts';
import { SupplyDetectorTrainingError } from './detectorErrors.ts';
import type { LabelledSupplyTraffic } from './LabelledSupplyTraffic.ts';
import { SupplyAnomalyDetector } from './SupplyAnomalyDetector.ts';

/** How to train; every field has a default. */
export type SupplyDetectorTrainingOptions = {
  seed?: number;
  gbdt?: GbdtParams;
  forestTrees?: number;
  forestSampleSize?: number;
  /** Share of normal validation events allowed at or over the hold threshold (default 0.0005: half the 0.1 % target). */
  validationFalseHoldRate?: number;
  /** Normal validation quantile where the rescaled forest score starts to rise above 0 (default 0.999). */
  forestQuantile?: number;
  /** Recorded in the model file. */
  notes?: Record<string, unknown>;
};

/**
 * Trains the detector on labelled rows `trainRows` and fits everything else on `validationRows` only (GBDT early
 * stopping, Platt scaling, forest rescaling, the hold threshold), so test months never shape the model.
 * @example
 * const detector = trainSupplyDetector(traffic, rowsInMonths(traffic, 1, 9), rowsInMonths(traffic, 9, 12));
 */
export function trainSupplyDetector(
  traffic: LabelledSupplyTraffic,
  trainRows: ArrayLike<number>,
  validationRows: ArrayLike<number>,
  options: SupplyDetectorTrainingOptions = {},
): SupplyAnomalyDetector {
  const seed = options.seed ?? 1;
  const dataset: LabelledDataset = {
    ...traffic.matrix,
    target: Float64Array.from(traffic.kinds, (kind) => (kind === undefined ? 0 : 1)),
  };
  const train = takeLabelledRows(dataset, trainRows);
  const validation = takeLabelledRows(dataset, validationRows);
  for (const [name, part] of [
    ['training', train],
    ['validation', validation],
  ] as const) {
    const positives = part.target.reduce((n, y) => n + y, 0);
    if (positives === 0 || positives === part.rowCount)
      throw new SupplyDetectorTrainingError(`The ${name} months need both normal and anomalous events`);
  }
  const { model: gbdt, bestRounds } = trainGbdt(
    train,
    {
      rounds: 300,
      learningRate: 0.1,
      maxDepth: 4,
      minChildWeight: 1,
      subsample: 0.8,
      colsampleByTree: 0.8,
      earlyStoppingRounds: 30,
      seed,
      ...options.gbdt,
    },
    validation,
  );
  const normalTrain = Uint32Array.from(Array.from(train.target.keys()).filter((r) => train.target[r] === 0));
  const forest = IsolationForest.fit(takeRows(train, normalTrain), {
    trees: options.forestTrees ?? 100,
    sampleSize: options.forestSampleSize ?? 256,
    seed: seed + 1,
  });

  const margins = gbdt.predictMargin(validation);
  const platt = PlattScaling.fit(margins, validation.target);
  const normalForest = Array.from(forest.score(validation))
    .filter((_, r) => validation.target[r] === 0)
    .sort((a, b) => a - b);
  const forestLow = quantile(normalForest, options.forestQuantile ?? 0.999);
  const forestHigh = Math.max(forestLow, normalForest[normalForest.length - 1] as number) + 1e-9;
  const calibrated = platt.transform(margins);
  const holdThreshold = thresholdForFalseHoldRate(
    Array.from(calibrated).filter((_, r) => validation.target[r] === 0),
    options.validationFalseHoldRate ?? 0.0005,
  );
  return new SupplyAnomalyDetector(
    gbdt,
    forest,
    { platt: { a: platt.a, b: platt.b }, forestLow, forestHigh, holdThreshold },
    {
      seed,
      trainRows: train.rowCount,
      trainAnomalies: train.target.reduce((n, y) => n + y, 0),
      validationRows: validation.rowCount,
      gbdtRounds: bestRounds,
      ...options.notes,
    },
  );
}

/**
 * The lowest threshold that holds at most `rate` of these normal scores: halfway between the k-th and (k+1)-th
 * highest, k = ⌊rate · n⌋ (just above the highest when k = 0).
 */
export function thresholdForFalseHoldRate(normalScores: readonly number[], rate: number): number {
  const sorted = [...normalScores].sort((a, b) => b - a);
  const k = Math.floor(rate * sorted.length);
  const above = sorted[k] ?? 0;
  if (k === 0) return Math.min(1, above + (1 - above) / 2);
  return (above + (sorted[k - 1] as number)) / 2;
}

function quantile(sortedAscending: readonly number[], q: number): number {
  const index = Math.min(
    sortedAscending.length - 1,
    Math.max(0, Math.floor(q * (sortedAscending.length - 1))),
  );
  return sortedAscending[index] as number;
}
