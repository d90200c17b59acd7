import { bestHistogramSplit, HISTOGRAM_FEATURE_STRIDE } from '../../ai/gbdt/bestHistogramSplit.ts';
import { GbdtModel } from '../../ai/gbdt/GbdtModel.ts';
import { type GbdtObjectiveName, gbdtObjective } from '../../ai/gbdt/gbdtObjective.ts';
import type { QuantileBins } from '../../ai/gbdt/QuantileBins.ts';
import type { RegressionTree } from '../../ai/gbdt/RegressionTree.ts';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import type { BroadcastSplit, FederatedGbdtSite } from './FederatedGbdtSite.ts';

/** Sums one vector from each site; the default adds them in the clear, secure aggregation hides the addends. */
export type SiteVectorSum = (vectors: readonly Float64Array[]) => Float64Array;

/** Options of federated GBDT (the tree knobs of `trainGbdt`; every site uses all its rows for every tree). */
export type FederatedGbdtParams = {
  readonly objective?: GbdtObjectiveName;
  readonly rounds?: number;
  readonly learningRate?: number;
  readonly maxDepth?: number;
  readonly minChildWeight?: number;
  readonly lambda?: number;
  readonly gamma?: number;
  readonly colsampleByTree?: number;
  readonly seed?: number;
  /** How site vectors (label sums, histograms) are added up; default: in the clear. */
  readonly sum?: SiteVectorSum;
};

type Pending = { node: number; grad: number; hess: number; hist: Float64Array | undefined };

const STRIDE = HISTOGRAM_FEATURE_STRIDE;

const plainSum: SiteVectorSum = (vectors) => {
  const out = new Float64Array(vectors[0]?.length ?? 0);
  for (const v of vectors)
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (v[i] as number);
  return out;
};

/**
 * Federated histogram GBDT (the SecureBoost/FATE and NVFlare horizontal scheme): for each tree level the sites send
 * gradient/hessian histograms of the open nodes on shared bin edges, the coordinator adds them and picks splits
 * with the same `bestHistogramSplit` as central training, and broadcasts them. Only the smaller child's histogram
 * is requested; the larger is parent − smaller. With the same bins this grows the same trees as `trainGbdt` on the
 * pooled rows (subsample 1), up to floating-point summation order.
 */
export function trainFederatedGbdt(
  sites: readonly FederatedGbdtSite[],
  bins: QuantileBins,
  featureNames: readonly string[],
  params: FederatedGbdtParams = {},
): GbdtModel {
  const objectiveName = params.objective ?? 'binary:logistic';
  const rounds = params.rounds ?? 100;
  const learningRate = params.learningRate ?? 0.1;
  const maxDepth = params.maxDepth ?? 6;
  const minChildWeight = params.minChildWeight ?? 1;
  const lambda = params.lambda ?? 1;
  const gamma = params.gamma ?? 0;
  const colsample = params.colsampleByTree ?? 1;
  const sum = params.sum ?? plainSum;
  if (sites.length === 0) throw new InvalidFederatedInputError('Federated GBDT needs at least one site');
  if (
    !(Number.isInteger(rounds) && rounds >= 1) ||
    !(Number.isInteger(maxDepth) && maxDepth >= 0 && maxDepth <= 16)
  )
    throw new InvalidFederatedInputError('rounds must be >= 1 and maxDepth 0..16');
  const featureCount = featureNames.length;
  const binCounts = bins.binCounts();
  const random = new SeededRandom(params.seed ?? 0);
  const allFeatures = Uint32Array.from({ length: featureCount }, (_, i) => i);
  const featureSampleSize = Math.max(1, Math.round(colsample * featureCount));
  const histSize = featureCount * STRIDE;

  const labels = sum(sites.map((s) => s.labelSummary()));
  const mean = (labels[0] as number) / (labels[1] as number);
  // The objective's own base score of a one-row "dataset" holding the pooled mean: the same formula as central.
  const baseScore = gbdtObjective(objectiveName).baseScore(Float64Array.of(mean));
  const request = (nodes: readonly number[]) => sum(sites.map((s) => s.histograms(nodes)));

  const trees: RegressionTree[] = [];
  const featureGain = new Float64Array(featureCount);
  for (let round = 0; round < rounds; round++) {
    for (const site of sites) site.beginTree(baseScore, round === 0);
    const features =
      featureSampleSize < featureCount
        ? random.sampleIndices(featureCount, featureSampleSize).sort()
        : allFeatures;
    const maxNodes = 2 ** (maxDepth + 1) - 1;
    const tree = {
      feature: new Int32Array(maxNodes).fill(-1),
      threshold: new Float64Array(maxNodes),
      defaultLeft: new Uint8Array(maxNodes),
      left: new Int32Array(maxNodes).fill(-1),
      right: new Int32Array(maxNodes).fill(-1),
      value: new Float64Array(maxNodes),
      cover: new Float64Array(maxNodes),
    };
    const rootHist = request([0]);
    let g0 = 0;
    let h0 = 0;
    // Every row is in exactly one bin of feature 0, so its histogram sums to the node's totals.
    for (let b = 0; b < STRIDE; b += 2) {
      g0 += rootHist[b] as number;
      h0 += rootHist[b + 1] as number;
    }
    let nodeCount = 1;
    let level: Pending[] = [
      { node: 0, grad: g0, hess: h0, hist: maxDepth > 0 && h0 >= 2 * minChildWeight ? rootHist : undefined },
    ];
    for (let depth = 0; level.length > 0; depth++) {
      const next: Pending[] = [];
      const splits: BroadcastSplit[] = [];
      const derived: { small: Pending; large: Pending; parent: Float64Array }[] = [];
      for (const p of level) {
        tree.cover[p.node] = p.hess;
        tree.value[p.node] = (-p.grad / (p.hess + lambda)) * learningRate;
        const split = p.hist
          ? bestHistogramSplit(p.hist, p.grad, p.hess, features, binCounts, lambda, minChildWeight)
          : undefined;
        if (!split || split.gain <= gamma) continue;
        const l = nodeCount++;
        const r = nodeCount++;
        tree.feature[p.node] = split.feature;
        tree.threshold[p.node] = (bins.cuts[split.feature] as Float64Array)[split.bin] as number;
        tree.defaultLeft[p.node] = split.defaultLeft ? 1 : 0;
        tree.left[p.node] = l;
        tree.right[p.node] = r;
        featureGain[split.feature] = (featureGain[split.feature] as number) + split.gain;
        splits.push({
          node: p.node,
          feature: split.feature,
          bin: split.bin,
          defaultLeft: split.defaultLeft,
          left: l,
          right: r,
        });
        const leftChild: Pending = { node: l, grad: split.gradLeft, hess: split.hessLeft, hist: undefined };
        const rightChild: Pending = {
          node: r,
          grad: p.grad - split.gradLeft,
          hess: p.hess - split.hessLeft,
          hist: undefined,
        };
        next.push(leftChild, rightChild);
        const childrenSplit = depth + 1 < maxDepth;
        if (
          childrenSplit &&
          (leftChild.hess >= 2 * minChildWeight || rightChild.hess >= 2 * minChildWeight)
        ) {
          const [small, large] =
            leftChild.hess <= rightChild.hess ? [leftChild, rightChild] : [rightChild, leftChild];
          derived.push({ small, large, parent: p.hist as Float64Array });
        }
      }
      if (splits.length > 0) for (const site of sites) site.applySplits(splits);
      if (derived.length > 0) {
        const all = request(derived.map((d) => d.small.node));
        derived.forEach((d, i) => {
          const small = all.slice(i * histSize, (i + 1) * histSize);
          const large = d.parent;
          for (let k = 0; k < histSize; k++) large[k] = (large[k] as number) - (small[k] as number);
          if (d.small.hess >= 2 * minChildWeight) d.small.hist = small;
          if (d.large.hess >= 2 * minChildWeight) d.large.hist = large;
        });
      }
      level = next;
    }
    const trimmed: RegressionTree = {
      feature: tree.feature.slice(0, nodeCount),
      threshold: tree.threshold.slice(0, nodeCount),
      defaultLeft: tree.defaultLeft.slice(0, nodeCount),
      left: tree.left.slice(0, nodeCount),
      right: tree.right.slice(0, nodeCount),
      value: tree.value.slice(0, nodeCount),
      cover: tree.cover.slice(0, nodeCount),
    };
    for (const site of sites) site.finishTree(trimmed);
    trees.push(trimmed);
  }
  return new GbdtModel(objectiveName, baseScore, featureNames, trees, featureGain);
}
