import { describe, expect, it } from 'vitest';
import { takeLabelledRows } from '../../ai/data/FeatureMatrix.ts';
import { syntheticBinaryDataset } from '../../ai/data/syntheticBinaryDataset.ts';
import { rocAuc } from '../../ai/metrics/rocAuc.ts';
import { FeatureScaler } from '../models/FeatureScaler.ts';
import { LogisticModel } from '../models/LogisticModel.ts';
import { predictProbabilities } from '../models/predictProbabilities.ts';
import { runFederatedTraining } from './runFederatedTraining.ts';

const pooled = syntheticBinaryDataset({ rows: 1_200, features: 8, seed: 21 });
const testSet = syntheticBinaryDataset({ rows: 2_000, features: 8, seed: 22 });
const parts = [0, 1, 2].map((s) =>
  takeLabelledRows(
    pooled,
    Uint32Array.from({ length: 400 }, (_, i) => s + 3 * i),
  ),
);
const total = FeatureScaler.siteSums(parts[0] as never).map((_, i) =>
  parts.reduce((sum, p) => sum + (FeatureScaler.siteSums(p)[i] as number), 0),
);
const scaler = FeatureScaler.fromSums(total);
const tables = parts.map((p) => scaler.transform(p));
const test = scaler.transform(testSet);
const model = new LogisticModel(8);
const local = { epochs: 1, batchSize: 32, learningRate: 0.1, optimizer: 'sgd' as const };
const auc = (parameters: Float64Array) => rocAuc(test.y, predictProbabilities(model, parameters, test));

describe('federated training (in-process sites)', () => {
  it('FedAvg approaches pooled training; secure aggregation gives the same model within quantisation', () => {
    const plain = runFederatedTraining(tables, { model, rounds: 15, local, seed: 1 });
    const pooledRun = runFederatedTraining([scaler.transform(pooled)], { model, rounds: 15, local, seed: 1 });
    expect(auc(plain.parameters)).toBeGreaterThan(auc(pooledRun.parameters) - 0.01);
    const secure = runFederatedTraining(tables, {
      model,
      rounds: 15,
      local,
      seed: 1,
      secureAggregation: { clip: 1_000 },
    });
    secure.parameters.forEach((v, i) => {
      expect(v).toBeCloseTo(plain.parameters[i] as number, 4);
    });
  });

  it('a site dropping out after masking does not stop the job', () => {
    const result = runFederatedTraining(tables, {
      model,
      rounds: 4,
      local,
      seed: 1,
      secureAggregation: { clip: 1_000, threshold: 2 },
      dropouts: (round) => (round === 2 ? [1] : []),
    });
    expect(result.rounds.map((r) => r.participants.length)).toEqual([3, 3, 2, 3]);
    expect(result.rounds[2]?.sampleCounts).toEqual([400, 400]);
  });

  it('DP-SGD reports ε per site and the budget stops the job before it is exceeded', () => {
    const dpLocal = { ...local, dp: { clipNorm: 1, noiseMultiplier: 2 } };
    const result = runFederatedTraining(tables, {
      model,
      rounds: 50,
      local: dpLocal,
      seed: 1,
      budget: { epsilon: 3, delta: 1e-5 },
    });
    expect(result.stoppedBy).toBe('privacy-budget');
    expect(result.rounds.length).toBeGreaterThan(0);
    expect(result.rounds.length).toBeLessThan(50);
    for (const epsilon of result.epsilonBySite ?? []) expect(epsilon).toBeLessThanOrEqual(3);
    const spent = result.rounds.map((r) => r.epsilon ?? 0);
    expect(spent).toEqual([...spent].sort((a, b) => a - b));
    expect(auc(result.parameters)).toBeGreaterThan(0.7);
  });

  it('site-level DP with secure aggregation accounts one Gaussian step per round', () => {
    const result = runFederatedTraining(tables, {
      model,
      rounds: 3,
      local,
      seed: 1,
      secureAggregation: { clip: 100 },
      siteDp: { clipNorm: 1, noiseMultiplier: 2 },
    });
    // q = 1, 3 rounds: ε(δ) = min_α 3α/8 + log(1e5)/(α − 1).
    expect(result.rounds[2]?.epsilon).toBeGreaterThan(3);
    expect(result.rounds[2]?.epsilon).toBeLessThan(6);
  });
});
