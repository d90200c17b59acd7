import { type LabelledDataset, takeLabelledRows } from '../../ai/data/FeatureMatrix.ts';
import { stratifiedKFold } from '../../ai/evaluation/stratifiedKFold.ts';
import { trainGbdt } from '../../ai/gbdt/trainGbdt.ts';
import { rocAuc } from '../../ai/metrics/rocAuc.ts';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { FederatedGbdtSite } from '../gbdt/FederatedGbdtSite.ts';
import { mergeQuantileSketches, siteQuantileSketch } from '../gbdt/federatedBinEdges.ts';
import { trainFederatedGbdt } from '../gbdt/trainFederatedGbdt.ts';
import { FeatureScaler } from '../models/FeatureScaler.ts';
import { LogisticModel } from '../models/LogisticModel.ts';
import { MlpModel } from '../models/MlpModel.ts';
import type { ParametricModel, ParametricModelKind } from '../models/ParametricModel.ts';
import { predictProbabilities } from '../models/predictProbabilities.ts';
import type { TrainingTable } from '../models/TrainingTable.ts';
import type { LocalTrainingOptions } from '../models/trainLocally.ts';
import { calibrateNoiseMultiplier } from '../privacy/calibrateNoiseMultiplier.ts';
import { runFederatedTraining } from '../training/runFederatedTraining.ts';
import { type SiteSplitKind, splitAcrossSites } from './splitAcrossSites.ts';

/** One split's held-out AUCs (the shape of one entry of `reports/fl-eval.json`). */
export type FederatedSplitResult = {
  /** The same model and optimiser budget trained centrally on all training rows. */
  pooled: number;
  fedavg: number;
  fedprox: number;
  fedgbdt: number;
  /** Central GBDT with the same settings, the reference for `fedgbdt`. */
  pooledGbdt: number;
  /** Each site's model trained on its rows alone (evaluated on the same held-out rows). */
  sites: number[];
  /** FedAvg with DP-SGD at each site, by target ε (δ below). */
  dp: Record<string, number>;
  /** Largest ε any site actually spent, by target ε. */
  dpSpent: Record<string, number>;
  delta: number;
};

/** Options of `evaluateFederatedSplit`; defaults are the ones `npm run eval:fl` reports. */
export type FederatedEvaluationOptions = {
  readonly sites: number;
  readonly split: SiteSplitKind;
  readonly seed?: number;
  readonly folds?: number;
  readonly model?: ParametricModelKind;
  readonly skewFeature?: string;
  readonly rounds?: number;
  readonly epsilons?: readonly number[];
  readonly delta?: number;
  /** Run FedAvg through secure aggregation (default true; the others run in the clear, as the sum is the same). */
  readonly secureAggregation?: boolean;
};

const LOCAL: LocalTrainingOptions = {
  epochs: 1,
  batchSize: 16,
  learningRate: 0.05,
  optimizer: 'sgd',
  l2: 1e-3,
};
const DP_LOCAL = { epochs: 1, batchSize: 64, learningRate: 0.5, clipNorm: 1 };
const FEDPROX_MU = 0.1;
const GBDT = { rounds: 100, maxDepth: 3, learningRate: 0.1, maxBins: 64 };

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * Evaluates federated learning on one way of splitting a dataset over simulated sites. Stratified k-fold: each
 * fold's held-out rows are never trained on; the other rows are split over the sites, standardised with the
 * federated scaler, and every method is scored by AUC on the held-out rows; figures are fold means.
 */
export function evaluateFederatedSplit(
  data: LabelledDataset,
  options: FederatedEvaluationOptions,
): FederatedSplitResult {
  const seed = options.seed ?? 0;
  const rounds = options.rounds ?? 30;
  const epsilons = options.epsilons ?? [1, 4, 8];
  const delta = options.delta ?? 1e-5;
  const folds = stratifiedKFold(data.target, options.folds ?? 5, new SeededRandom(seed));
  const perFold: FederatedSplitResult[] = folds.map((fold, k) => {
    const train = takeLabelledRows(data, fold.train);
    const test = takeLabelledRows(data, fold.test);
    const parts = splitAcrossSites(
      train,
      options.sites,
      options.split,
      new SeededRandom(seed + k + 1),
      options.skewFeature,
    ).map((rows) => takeLabelledRows(train, rows));
    const sums = parts.map((p) => FeatureScaler.siteSums(p));
    const scaler = FeatureScaler.fromSums(sums.reduce((a, b) => a.map((v, i) => v + (b[i] as number))));
    const tables = parts.map((p) => scaler.transform(p));
    const testTable = scaler.transform(test);
    const model: ParametricModel =
      options.model === 'mlp'
        ? new MlpModel(data.featureNames.length, [16])
        : new LogisticModel(data.featureNames.length);
    const auc = (parameters: Float64Array) =>
      rocAuc(test.target, predictProbabilities(model, parameters, testTable));
    const trainFederated = (
      sites: readonly TrainingTable[],
      extra: Partial<Parameters<typeof runFederatedTraining>[1]> = {},
    ) => runFederatedTraining(sites, { model, rounds, local: LOCAL, seed, ...extra });
    const secure = options.secureAggregation === false ? {} : { secureAggregation: { clip: 1_000 } };

    const dp: Record<string, number> = {};
    const dpSpent: Record<string, number> = {};
    for (const epsilon of epsilons) {
      // Every site calibrates for its own sampling rate; the job uses the largest multiplier (each site ≤ ε).
      const sigma = Math.max(
        ...tables.map((t) => {
          const batch = Math.min(DP_LOCAL.batchSize, t.rowCount);
          const steps = rounds * DP_LOCAL.epochs * Math.ceil(t.rowCount / batch);
          return calibrateNoiseMultiplier(epsilon, delta, batch / t.rowCount, steps);
        }),
      );
      const run = trainFederated(tables, {
        local: {
          epochs: DP_LOCAL.epochs,
          batchSize: DP_LOCAL.batchSize,
          learningRate: DP_LOCAL.learningRate,
          optimizer: 'sgd',
          dp: { clipNorm: DP_LOCAL.clipNorm, noiseMultiplier: sigma },
        },
        delta,
      });
      dp[String(epsilon)] = auc(run.parameters);
      dpSpent[String(epsilon)] = Math.max(...(run.epsilonBySite ?? [Number.NaN]));
    }

    const bins = mergeQuantileSketches(
      parts.map((p) => siteQuantileSketch(p)),
      GBDT.maxBins,
    );
    const gbdtParams = {
      rounds: GBDT.rounds,
      maxDepth: GBDT.maxDepth,
      learningRate: GBDT.learningRate,
      seed,
    };
    const fedGbdt = trainFederatedGbdt(
      parts.map((p) => new FederatedGbdtSite(p, bins)),
      bins,
      data.featureNames,
      gbdtParams,
    );
    const pooledGbdt = trainGbdt(train, { ...gbdtParams, maxBins: GBDT.maxBins }).model;
    return {
      pooled: auc(trainFederated([scaler.transform(train)]).parameters),
      fedavg: auc(trainFederated(tables, secure).parameters),
      fedprox: auc(trainFederated(tables, { local: { ...LOCAL, proximalMu: FEDPROX_MU } }).parameters),
      fedgbdt: rocAuc(test.target, fedGbdt.predict(test)),
      pooledGbdt: rocAuc(test.target, pooledGbdt.predict(test)),
      sites: tables.map((t) => auc(trainFederated([t]).parameters)),
      dp,
      dpSpent,
      delta,
    };
  });
  const first = perFold[0] as FederatedSplitResult;
  const keys = Object.keys(first.dp);
  return {
    pooled: mean(perFold.map((f) => f.pooled)),
    fedavg: mean(perFold.map((f) => f.fedavg)),
    fedprox: mean(perFold.map((f) => f.fedprox)),
    fedgbdt: mean(perFold.map((f) => f.fedgbdt)),
    pooledGbdt: mean(perFold.map((f) => f.pooledGbdt)),
    sites: first.sites.map((_, s) => mean(perFold.map((f) => f.sites[s] as number))),
    dp: Object.fromEntries(keys.map((e) => [e, mean(perFold.map((f) => f.dp[e] as number))])),
    dpSpent: Object.fromEntries(
      keys.map((e) => [e, Math.max(...perFold.map((f) => f.dpSpent[e] as number))]),
    ),
    delta,
  };
}
