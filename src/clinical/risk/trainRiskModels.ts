import { PlattScaling } from '../../ai/calibration/PlattScaling.ts';
import { featureColumn, type LabelledDataset, takeLabelledRows } from '../../ai/data/FeatureMatrix.ts';
import { stratifiedKFold } from '../../ai/evaluation/stratifiedKFold.ts';
import { trainGbdt } from '../../ai/gbdt/trainGbdt.ts';
import { LogisticRegression } from '../../ai/linear/LogisticRegression.ts';
import { expectedCalibrationError } from '../../ai/metrics/expectedCalibrationError.ts';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import type { RiskModelJson } from './RiskModelJson.ts';
import { RiskPredictor } from './RiskPredictor.ts';
import { referenceDistribution } from './referenceDistribution.ts';
import type { RiskDatasetSpec } from './riskDatasets.ts';
import { type RiskMetrics, riskMetrics } from './riskMetrics.ts';
import type { RiskSplit } from './riskSplits.ts';

/** A trained, calibrated model and its figures on the split's test rows. */
export type TrainedRiskModel = { readonly predictor: RiskPredictor; readonly metrics: RiskMetrics };

/** The version written into models trained by this code; bump when training changes. */
export const RISK_MODEL_VERSION = '1.0.0';

/** GBDT settings for small clinical tables: shallow trees, shrinkage, row/column subsampling, early stopping. */
const GBDT_PARAMS = {
  rounds: 400,
  learningRate: 0.05,
  maxDepth: 3,
  minChildWeight: 2,
  subsample: 0.8,
  colsampleByTree: 0.8,
  earlyStoppingRounds: 40,
} as const;

function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * Trains the GBDT and the logistic model of one task on `split.train`, fits Platt scaling on `split.calibration`
 * (never on the test rows) and measures both on `split.test`. The GBDT's tree count comes from early stopping on a
 * stratified fifth of the training rows, then it is refitted on all training rows. Deterministic for a given seed.
 */
export function trainRiskModels(
  spec: RiskDatasetSpec,
  data: LabelledDataset,
  split: RiskSplit,
  seed: number,
): { gbdt: TrainedRiskModel; logistic: TrainedRiskModel } {
  const train = takeLabelledRows(data, split.train);
  const calibration = takeLabelledRows(data, split.calibration);
  const test = takeLabelledRows(data, split.test);
  const inner = stratifiedKFold(train.target, 5, new SeededRandom(seed + 1))[0];
  if (!inner) throw new Error('unreachable: five folds');
  const { bestRounds } = trainGbdt(
    takeLabelledRows(train, inner.train),
    { ...GBDT_PARAMS, seed },
    takeLabelledRows(train, inner.test),
  );
  // Refit on every training row with the chosen tree count (as crossValidate does): no row is wasted.
  const { earlyStoppingRounds: _unused, ...refit } = GBDT_PARAMS;
  const gbdt = trainGbdt(train, { ...refit, rounds: Math.max(1, bestRounds), seed }).model;
  const logistic = LogisticRegression.fit(train, { l2: 1 });
  const raw = logistic.rawCoefficients();
  const featureCount = data.featureNames.length;
  const means = Array.from({ length: featureCount }, (_, f) => meanOf(featureColumn(train, f)));
  const reference = spec.features.map((feature, f) =>
    referenceDistribution(feature.name, featureColumn(train, f)),
  );
  const base = {
    format: 'caduceus-risk-model',
    version: 1,
    modelVersion: RISK_MODEL_VERSION,
    dataset: spec.name,
    outcome: spec.outcome,
    seed,
    features: spec.features,
    bands: { moderate: 0.1, high: 0.5 },
    reference,
  } as const;
  const uncalibrated: RiskModelJson[] = [
    {
      ...base,
      id: `risk-${spec.name}-gbdt`,
      algorithm: 'gbdt',
      gbdt: gbdt.toJson(),
      calibration: { method: 'platt', a: 1, b: 0 },
      heldOutEce: 0,
    },
    {
      ...base,
      id: `risk-${spec.name}-logistic`,
      algorithm: 'logistic',
      linear: { intercept: raw.intercept, weights: Array.from(raw.weights), means },
      calibration: { method: 'platt', a: 1, b: 0 },
      heldOutEce: 0,
    },
  ];
  const [gbdtModel, logisticModel] = uncalibrated.map((json) => {
    const margins = RiskPredictor.fromJson(json).margins(calibration);
    const platt = PlattScaling.fit(margins, calibration.target);
    const calibrated = { ...json, calibration: { method: 'platt' as const, a: platt.a, b: platt.b } };
    const probabilities = RiskPredictor.fromJson(calibrated).probabilities(test);
    const heldOutEce = Number(expectedCalibrationError(test.target, probabilities).toFixed(4));
    const predictor = RiskPredictor.fromJson({ ...calibrated, heldOutEce });
    return { predictor, metrics: riskMetrics(test.target, probabilities, seed) };
  });
  if (!gbdtModel || !logisticModel) throw new Error('unreachable: two models');
  return { gbdt: gbdtModel, logistic: logisticModel };
}
