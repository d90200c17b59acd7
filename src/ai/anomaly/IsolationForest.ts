import { InvalidTrainingInputError, ModelFormatError } from '../aiErrors.ts';
import { assertSameFeatures, type FeatureMatrix } from '../data/FeatureMatrix.ts';
import { SeededRandom } from '../random/SeededRandom.ts';

/** Options of `IsolationForest.fit` (Liu, Ting & Zhou 2008 defaults). */
export type IsolationForestParams = {
  trees?: number;
  /** Rows drawn without replacement for each tree (ψ), default 256 (all rows when fewer). */
  sampleSize?: number;
  seed?: number;
};

type IsolationTree = {
  feature: Int32Array;
  split: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Training rows that reached each leaf (for the c(size) term of the path length). */
  size: Int32Array;
};

/** Saved form of an isolation forest. */
export type IsolationForestJson = {
  format: 'caduceus-isolation-forest';
  version: 1;
  featureNames: string[];
  sampleSize: number;
  fill: number[];
  trees: { feature: number[]; split: number[]; left: number[]; right: number[]; size: number[] }[];
};

const EULER_GAMMA = 0.5772156649015329;
const ROW_BLOCK = 1_024;

/** c(n): the mean path length of an unsuccessful search in a binary search tree of n points. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/**
 * Isolation forest: random trees on small subsamples isolate rare points in few splits, so the anomaly score
 * 2^(−E[h(x)] / c(ψ)) is near 1 for anomalies and at or below 0.5 for ordinary rows. Trees grow to depth ⌈log2 ψ⌉.
 * Missing values are replaced by the feature's training median (the most ordinary value), so a missing field alone
 * never makes a row look anomalous.
 */
export class IsolationForest {
  private constructor(
    readonly featureNames: readonly string[],
    private readonly sampleSize: number,
    private readonly fill: Float64Array,
    private readonly trees: readonly IsolationTree[],
  ) {
    this.leafDepth = trees.map(leafPathLengths);
  }

  /** Per tree and leaf node: its depth plus c(size), the path length h(x) of a row ending there. */
  private readonly leafDepth: readonly Float64Array[];

  /** Grows the forest on `matrix` (labels, if any, are not used). */
  static fit(matrix: FeatureMatrix, params: IsolationForestParams = {}): IsolationForest {
    const treeCount = params.trees ?? 100;
    if (matrix.rowCount < 2) throw new InvalidTrainingInputError('An isolation forest needs at least 2 rows');
    if (!Number.isInteger(treeCount) || treeCount < 1)
      throw new InvalidTrainingInputError(`trees must be a positive integer, got ${treeCount}`);
    const sampleSize = Math.min(params.sampleSize ?? 256, matrix.rowCount);
    if (!Number.isInteger(sampleSize) || sampleSize < 2)
      throw new InvalidTrainingInputError(`sampleSize must be an integer >= 2, got ${sampleSize}`);
    const random = new SeededRandom(params.seed ?? 0);
    const featureCount = matrix.featureNames.length;
    const fill = medians(matrix);
    const maxDepth = Math.ceil(Math.log2(sampleSize));
    const trees: IsolationTree[] = [];
    const sample = new Float64Array(sampleSize * featureCount);
    for (let t = 0; t < treeCount; t++) {
      const rows = random.sampleIndices(matrix.rowCount, sampleSize);
      // Row-major copy of the sample with missing values filled, so splits read contiguous memory.
      for (let i = 0; i < sampleSize; i++)
        for (let f = 0; f < featureCount; f++) {
          const v = matrix.values[f * matrix.rowCount + (rows[i] as number)] as number;
          sample[i * featureCount + f] = Number.isNaN(v) ? (fill[f] as number) : v;
        }
      trees.push(growIsolationTree(sample, sampleSize, featureCount, maxDepth, random));
    }
    return new IsolationForest(matrix.featureNames, sampleSize, fill, trees);
  }

  /** Anomaly scores in (0, 1]: higher is more anomalous. */
  score(matrix: FeatureMatrix): Float64Array {
    assertSameFeatures(matrix, this.featureNames);
    const n = matrix.rowCount;
    const values = matrix.values;
    const fill = this.fill;
    const depthSum = new Float64Array(n);
    // Rows in blocks, trees inside: a block's feature values stay in cache across all trees.
    for (let start = 0; start < n; start += ROW_BLOCK) {
      const end = Math.min(n, start + ROW_BLOCK);
      for (let t = 0; t < this.trees.length; t++) {
        const { feature, split, left, right } = this.trees[t] as IsolationTree;
        const leafDepth = this.leafDepth[t] as Float64Array;
        for (let r = start; r < end; r++) {
          let node = 0;
          let f = feature[0] as number;
          while (f >= 0) {
            let x = values[f * n + r] as number;
            if (Number.isNaN(x)) x = fill[f] as number;
            node = x < (split[node] as number) ? (left[node] as number) : (right[node] as number);
            f = feature[node] as number;
          }
          depthSum[r] = (depthSum[r] as number) + (leafDepth[node] as number);
        }
      }
    }
    const normaliser = averagePathLength(this.sampleSize) * this.trees.length;
    const scores = new Float64Array(n);
    for (let r = 0; r < n; r++) scores[r] = 2 ** (-(depthSum[r] as number) / normaliser);
    return scores;
  }

  /** The JSON form (`IsolationForest.fromJson` reads it back). */
  toJson(): IsolationForestJson {
    return {
      format: 'caduceus-isolation-forest',
      version: 1,
      featureNames: [...this.featureNames],
      sampleSize: this.sampleSize,
      fill: Array.from(this.fill),
      trees: this.trees.map((t) => ({
        feature: Array.from(t.feature),
        split: Array.from(t.split),
        left: Array.from(t.left),
        right: Array.from(t.right),
        size: Array.from(t.size),
      })),
    };
  }

  /** Reads a saved forest, checking format and version. */
  static fromJson(json: unknown): IsolationForest {
    const j = json as Partial<IsolationForestJson> | null;
    if (typeof j !== 'object' || j === null || j.format !== 'caduceus-isolation-forest' || j.version !== 1)
      throw new ModelFormatError('Not a version 1 Caduceus isolation forest');
    if (!Array.isArray(j.featureNames) || !Array.isArray(j.trees) || !Array.isArray(j.fill))
      throw new ModelFormatError('An isolation forest needs featureNames, fill and trees');
    if (typeof j.sampleSize !== 'number' || j.sampleSize < 2) throw new ModelFormatError('Bad sampleSize');
    const trees = j.trees.map((t, i) => {
      const n = t.feature?.length ?? 0;
      if (n === 0 || [t.split, t.left, t.right, t.size].some((a) => !Array.isArray(a) || a.length !== n))
        throw new ModelFormatError(`Tree ${i} is malformed`);
      for (let k = 0; k < n; k++)
        if ((t.feature[k] as number) >= 0 && ((t.left[k] as number) <= k || (t.right[k] as number) <= k))
          throw new ModelFormatError(`Tree ${i}: node ${k} has a bad child index`);
      return {
        feature: Int32Array.from(t.feature),
        split: Float64Array.from(t.split),
        left: Int32Array.from(t.left),
        right: Int32Array.from(t.right),
        size: Int32Array.from(t.size),
      };
    });
    return new IsolationForest(j.featureNames.map(String), j.sampleSize, Float64Array.from(j.fill), trees);
  }
}

function leafPathLengths(tree: IsolationTree): Float64Array {
  const out = new Float64Array(tree.feature.length);
  const depth = new Int32Array(tree.feature.length);
  // Parents precede children, so one pass in node order knows every node's depth.
  for (let node = 0; node < tree.feature.length; node++) {
    if ((tree.feature[node] as number) >= 0) {
      depth[tree.left[node] as number] = (depth[node] as number) + 1;
      depth[tree.right[node] as number] = (depth[node] as number) + 1;
    } else {
      out[node] = (depth[node] as number) + averagePathLength(tree.size[node] as number);
    }
  }
  return out;
}

function medians(matrix: FeatureMatrix): Float64Array {
  const n = matrix.rowCount;
  return Float64Array.from(matrix.featureNames, (_, f) => {
    const present = matrix.values
      .subarray(f * n, (f + 1) * n)
      .filter((v) => !Number.isNaN(v))
      .sort();
    if (present.length === 0) return 0;
    const mid = present.length >> 1;
    return present.length % 2
      ? (present[mid] as number)
      : ((present[mid - 1] as number) + (present[mid] as number)) / 2;
  });
}

function growIsolationTree(
  sample: Float64Array,
  rows: number,
  featureCount: number,
  maxDepth: number,
  random: SeededRandom,
): IsolationTree {
  const feature: number[] = [];
  const split: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const size: number[] = [];
  const index = Uint32Array.from({ length: rows }, (_, i) => i);
  const scratch = new Uint32Array(rows);
  // Nodes are numbered as they are created (parents before children), which prediction relies on.
  const grow = (start: number, end: number, depth: number): number => {
    const node = feature.length;
    feature.push(-1);
    split.push(0);
    left.push(-1);
    right.push(-1);
    size.push(end - start);
    if (depth >= maxDepth || end - start <= 1) return node;
    // Pick random features until one varies in this node (constant ones cannot split).
    for (let attempt = 0; attempt < featureCount; attempt++) {
      const f = random.nextInt(featureCount);
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = start; i < end; i++) {
        const v = sample[(index[i] as number) * featureCount + f] as number;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (!(hi > lo)) continue;
      let threshold = lo + random.nextFloat() * (hi - lo);
      if (threshold <= lo) threshold = hi;
      let l = start;
      let k = 0;
      for (let i = start; i < end; i++) {
        const row = index[i] as number;
        if ((sample[row * featureCount + f] as number) < threshold) index[l++] = row;
        else scratch[k++] = row;
      }
      index.set(scratch.subarray(0, k), l);
      feature[node] = f;
      split[node] = threshold;
      left[node] = grow(start, l, depth + 1);
      right[node] = grow(l, end, depth + 1);
      return node;
    }
    return node;
  };
  grow(0, rows, 0);
  return {
    feature: Int32Array.from(feature),
    split: Float64Array.from(split),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    size: Int32Array.from(size),
  };
}
