import { describe, expect, it } from 'vitest';
import { takeLabelledRows } from '../../ai/data/FeatureMatrix.ts';
import { syntheticBinaryDataset } from '../../ai/data/syntheticBinaryDataset.ts';
import { QuantileBins } from '../../ai/gbdt/QuantileBins.ts';
import { trainGbdt } from '../../ai/gbdt/trainGbdt.ts';
import { rocAuc } from '../../ai/metrics/rocAuc.ts';
import { FixedPointCodec } from '../secagg/FixedPointCodec.ts';
import { secureSumInProcess } from '../secagg/secureSumInProcess.ts';
import { FederatedGbdtSite } from './FederatedGbdtSite.ts';
import { mergeQuantileSketches, siteQuantileSketch } from './federatedBinEdges.ts';
import { trainFederatedGbdt } from './trainFederatedGbdt.ts';

const pooled = syntheticBinaryDataset({ rows: 1_500, features: 6, seed: 5, missingRate: 0.05 });
const test = syntheticBinaryDataset({ rows: 1_000, features: 6, seed: 6 });
// IID split into three sites of 500 rows.
const parts = [0, 1, 2].map((s) =>
  takeLabelledRows(
    pooled,
    Uint32Array.from({ length: 500 }, (_, i) => s + 3 * i),
  ),
);
const params = { rounds: 20, maxDepth: 4, learningRate: 0.3, colsampleByTree: 0.8, seed: 3 };

describe('federated GBDT', () => {
  it('grows the same trees as central training on the pooled rows with the same bins', () => {
    const bins = QuantileBins.fit(pooled, 64);
    const central = trainGbdt(pooled, { ...params, bins }).model;
    const sites = parts.map((d) => new FederatedGbdtSite(d, bins));
    const federated = trainFederatedGbdt(sites, bins, pooled.featureNames, params);
    expect(federated.trees.length).toBe(central.trees.length);
    federated.trees.forEach((tree, t) => {
      const reference = central.trees[t];
      expect(Array.from(tree.feature)).toEqual(Array.from(reference?.feature ?? []));
      expect(Array.from(tree.threshold)).toEqual(Array.from(reference?.threshold ?? []));
      expect(Array.from(tree.defaultLeft)).toEqual(Array.from(reference?.defaultLeft ?? []));
      tree.value.forEach((v, n) => {
        expect(v).toBeCloseTo(reference?.value[n] as number, 9);
      });
    });
    const a = federated.predict(test);
    const b = central.predict(test);
    a.forEach((p, i) => {
      expect(p).toBeCloseTo(b[i] as number, 9);
    });
  });

  it('agrees bin edges from site sketches and trains through secure aggregation', () => {
    const bins = mergeQuantileSketches(
      parts.map((d) => siteQuantileSketch(d)),
      64,
    );
    expect(bins.cuts.every((c) => c.length > 30)).toBe(true);
    const codec = new FixedPointCodec(2_000, parts.length);
    let round = 0;
    const sum = (vectors: readonly Float64Array[]) =>
      secureSumInProcess(vectors, codec, { round: `gbdt/${round++}` }).sum;
    const sites = parts.map((d) => new FederatedGbdtSite(d, bins));
    const secure = trainFederatedGbdt(sites, bins, pooled.featureNames, { ...params, rounds: 5, sum });
    const central = trainGbdt(pooled, { ...params, rounds: 5 }).model;
    expect(rocAuc(test.target, secure.predict(test))).toBeGreaterThan(
      rocAuc(test.target, central.predict(test)) - 0.02,
    );
  });
});
