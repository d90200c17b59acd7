import { assertSameFeatures, type FeatureMatrix, featureRow } from '../data/FeatureMatrix.ts';
import type { GbdtModel } from '../gbdt/GbdtModel.ts';
import type { RegressionTree } from '../gbdt/RegressionTree.ts';
import { pathTreeShap } from './pathTreeShap.ts';
import type { TreeShapExplanation } from './TreeShapExplanation.ts';

/** Leaves with more distinct path features than this use `pathTreeShap` (a table would hold 2^d·d numbers). */
const MAX_TABLE_FEATURES = 10;

type TabulatedTree = {
  tree: RegressionTree;
  /** Internal node: the bit of its feature among the distinct features above it. Leaf: where its features start. */
  slotBit: Int32Array;
  /** Per leaf node: where its table starts, its mask of d ones, and d. */
  leafBase: Int32Array;
  leafFull: Int32Array;
  leafDims: Int32Array;
  /** The distinct path features of every leaf, concatenated. */
  leafFeatures: Int32Array;
  /** Per leaf and satisfied-feature mask A, each path feature's contribution (2^d·d numbers per leaf). */
  contributions: Float64Array;
};

const ROW_BLOCK = 256;

/**
 * Exact path-dependent TreeSHAP in O(T·(N + L·D)) per row, after a per-tree precomputation (the idea of Yang 2021's
 * Fast TreeSHAP v2). For one leaf with distinct path features F (|F| = d), zero fractions z_j (the cover share of
 * the path's branches on j) and the set A of features whose every split the row follows, Lundberg's sum reduces to
 * phi_i = v·(1−z_i)·Z(A)·K(A∖{i}) for i in A and phi_i = −v·Z(A)·K(A) otherwise, where Z(A) = Π_{j∉A} z_j and
 * K(B) = Σ_{S⊆B} |S|!(d−|S|−1)!/d!·Π_{j∈B∖S} z_j. Both depend only on A, so every leaf's contributions are tabulated
 * for all 2^d masks and a row needs only its mask per leaf, which one pass over the nodes gives.
 */
export class FastTreeShap {
  private readonly tabulated: (TabulatedTree | undefined)[];
  /** The model's mean margin over the training distribution (baseScore plus each tree's cover-weighted mean). */
  readonly expectedValue: number;

  constructor(private readonly model: GbdtModel) {
    this.tabulated = model.trees.map((tree) => tabulate(tree));
    this.expectedValue = model.trees.reduce((sum, tree) => sum + treeExpectation(tree), model.baseScore);
  }

  /** SHAP values of every row: `values[row * featureCount + feature]`, summing with `expectedValue` to the margin. */
  explain(matrix: FeatureMatrix): TreeShapExplanation {
    assertSameFeatures(matrix, this.model.featureNames);
    const featureCount = matrix.featureNames.length;
    const values = new Float64Array(matrix.rowCount * featureCount);
    const maxNodes = this.model.trees.reduce((m, t) => Math.max(m, t.feature.length), 1);
    const mask = new Int32Array(maxNodes);
    // Trees outer, rows inner, in blocks: one tree's tables stay in cache while a block of rows goes through it.
    for (let start = 0; start < matrix.rowCount; start += ROW_BLOCK) {
      const end = Math.min(matrix.rowCount, start + ROW_BLOCK);
      for (let t = 0; t < this.tabulated.length; t++) {
        const tab = this.tabulated[t];
        for (let row = start; row < end; row++) {
          if (tab) addRow(tab, matrix.values, matrix.rowCount, row, mask, values, row * featureCount);
          else
            pathTreeShap(
              this.model.trees[t] as RegressionTree,
              featureRow(matrix, row),
              values.subarray(row * featureCount, (row + 1) * featureCount),
            );
        }
      }
    }
    return {
      featureNames: matrix.featureNames,
      rowCount: matrix.rowCount,
      expectedValue: this.expectedValue,
      values,
    };
  }
}

/** One row through one tabulated tree: masks flow down in node order (parents precede children), leaves add. */
function addRow(
  tab: TabulatedTree,
  values: Float64Array,
  rowCount: number,
  row: number,
  mask: Int32Array,
  phi: Float64Array,
  phiOffset: number,
): void {
  const { feature, threshold, defaultLeft, left, right } = tab.tree;
  const { slotBit, leafBase, leafFull, leafDims, leafFeatures, contributions } = tab;
  mask[0] = -1;
  const size = feature.length;
  for (let n = 0; n < size; n++) {
    const f = feature[n] as number;
    const m = mask[n] as number;
    if (f >= 0) {
      const x = values[f * rowCount + row] as number;
      const t = threshold[n] as number;
      const goesLeft = x <= t ? true : x > t ? false : defaultLeft[n] === 1;
      const cleared = m & ~(slotBit[n] as number);
      mask[left[n] as number] = goesLeft ? m : cleared;
      mask[right[n] as number] = goesLeft ? cleared : m;
    } else {
      const d = leafDims[n] as number;
      const base = (leafBase[n] as number) + (m & (leafFull[n] as number)) * d;
      const featureBase = (slotBit[n] as number) | 0;
      for (let j = 0; j < d; j++) {
        const k = phiOffset + (leafFeatures[featureBase + j] as number);
        phi[k] = (phi[k] as number) + (contributions[base + j] as number);
      }
    }
  }
}

/** Tabulates a tree, or returns undefined when a leaf has too many distinct path features (or nodes are unordered). */
function tabulate(tree: RegressionTree): TabulatedTree | undefined {
  const size = tree.feature.length;
  const slotBit = new Int32Array(size);
  const leafBase = new Int32Array(size);
  const leafFull = new Int32Array(size);
  const leafDims = new Int32Array(size);
  const leafFeatures: number[] = [];
  const chunks: Float64Array[] = [];
  let offset = 0;
  // Depth-first walk carrying the path's distinct features and their zero fractions.
  const walk = (node: number, features: number[], zeros: number[]): boolean => {
    const f = tree.feature[node] as number;
    if (f < 0) {
      const d = features.length;
      if (d > MAX_TABLE_FEATURES) return false;
      const table = leafContributions(tree.value[node] as number, zeros);
      slotBit[node] = leafFeatures.length;
      leafFeatures.push(...features);
      leafBase[node] = offset;
      leafFull[node] = (1 << d) - 1;
      leafDims[node] = d;
      chunks.push(table);
      offset += table.length;
      return true;
    }
    const l = tree.left[node] as number;
    const r = tree.right[node] as number;
    if (l <= node || r <= node) return false;
    let slot = features.indexOf(f);
    const nextFeatures = slot < 0 ? [...features, f] : features;
    if (slot < 0) slot = features.length;
    slotBit[node] = 1 << slot;
    const cover = tree.cover[node] as number;
    for (const child of [l, r]) {
      const ratio = cover > 0 ? (tree.cover[child] as number) / cover : 0;
      const childZeros = [...zeros];
      childZeros[slot] = (zeros[slot] ?? 1) * ratio;
      if (!walk(child, nextFeatures, childZeros)) return false;
    }
    return true;
  };
  if (!walk(0, [], [])) return undefined;
  const contributions = new Float64Array(offset);
  let at = 0;
  for (const chunk of chunks) {
    contributions.set(chunk, at);
    at += chunk.length;
  }
  return {
    tree,
    slotBit,
    leafBase,
    leafFull,
    leafDims,
    leafFeatures: Int32Array.from(leafFeatures),
    contributions,
  };
}

/** The 2^d·d contribution table of one leaf (see the class comment for the formula). */
function leafContributions(value: number, zeros: readonly number[]): Float64Array {
  const d = zeros.length;
  const masks = 1 << d;
  const table = new Float64Array(masks * d);
  if (d === 0) return table;
  // weights[k] = k!(d−k−1)!/d!, the Shapley weight of a coalition of k of the other d−1 features.
  const weights = new Float64Array(d);
  for (let k = 0; k < d; k++) weights[k] = 1 / (d * binomial(d - 1, k));
  // poly[A] = coefficients of Π_{j∈A} (t + z_j); K(A) = Σ_k weights[k]·coef_k.
  const poly = new Float64Array(masks * (d + 1));
  const k = new Float64Array(masks);
  const zOutside = new Float64Array(masks);
  poly[0] = 1;
  for (let a = 0; a < masks; a++) {
    if (a > 0) {
      const low = 31 - Math.clz32(a & -a);
      const prev = a & (a - 1);
      const z = zeros[low] as number;
      for (let c = 0; c <= d; c++) {
        const shifted = c > 0 ? (poly[prev * (d + 1) + c - 1] as number) : 0;
        poly[a * (d + 1) + c] = shifted + z * (poly[prev * (d + 1) + c] as number);
      }
    }
    let sum = 0;
    for (let c = 0; c < d; c++) sum += (weights[c] as number) * (poly[a * (d + 1) + c] as number);
    k[a] = sum;
    let product = 1;
    for (let j = 0; j < d; j++) if (!(a & (1 << j))) product *= zeros[j] as number;
    zOutside[a] = product;
  }
  for (let a = 0; a < masks; a++) {
    const vz = value * (zOutside[a] as number);
    for (let j = 0; j < d; j++) {
      const bit = 1 << j;
      table[a * d + j] =
        a & bit ? vz * (1 - (zeros[j] as number)) * (k[a ^ bit] as number) : -vz * (k[a] as number);
    }
  }
  return table;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/** A tree's mean output under its own cover distribution (the empty-coalition value TreeSHAP starts from). */
export function treeExpectation(tree: RegressionTree, node = 0): number {
  const l = tree.left[node] as number;
  if ((tree.feature[node] as number) < 0) return tree.value[node] as number;
  const r = tree.right[node] as number;
  const cover = tree.cover[node] as number;
  if (!(cover > 0)) return 0;
  return (
    ((tree.cover[l] as number) / cover) * treeExpectation(tree, l) +
    ((tree.cover[r] as number) / cover) * treeExpectation(tree, r)
  );
}
