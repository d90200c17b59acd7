import { assertSameFeatures, type FeatureMatrix } from '../data/FeatureMatrix.ts';
import type { GbdtModel } from '../gbdt/GbdtModel.ts';
import type { RegressionTree } from '../gbdt/RegressionTree.ts';
import { pathTreeShap } from './pathTreeShap.ts';
import type { TreeShapExplanation } from './TreeShapExplanation.ts';

/** A leaf's table holds 2^d·d numbers: trees with a leaf of more distinct path features use `pathTreeShap`. */
const MAX_TABLE_FEATURES = 8;
/** Trees whose tables would exceed this many numbers (8 MB) use `pathTreeShap` too. */
const MAX_TABLE_NUMBERS = 1 << 20;

type TabulatedTree = {
  tree: RegressionTree;
  /** Internal nodes in ascending order (parents before children). */
  internalNodes: Int32Array;
  /** Per internal node: the bit of its feature among the distinct features on the path above it. */
  slotBit: Int32Array;
  /** Per internal node: 1 when a missing value goes left. */
  missingLeft: Int32Array;
  /**
   * Per unit: a leaf, or a pair of sibling leaves (same path features) read together through their parent. A unit
   * is read at row `(mask[node] & full) + dir[node] * dirStride` of its table (dirStride 0 for a single leaf).
   */
  unitNodes: Int32Array;
  unitBase: Int32Array;
  unitFull: Int32Array;
  unitDirStride: Int32Array;
  unitDims: Int32Array;
  unitFeatureStart: Int32Array;
  /** The distinct path features of every unit, concatenated. */
  unitFeatures: Int32Array;
  /** Per unit and table row, each path feature's contribution. */
  contributions: Float64Array;
};

const ROW_BLOCK = 256;

/**
 * Exact path-dependent TreeSHAP in O(T·(N + L·D)) per row, after a per-tree precomputation (the idea of Yang 2021's
 * Fast TreeSHAP v2). For one leaf with distinct path features F (|F| = d), zero fractions z_j (the cover share of
 * the path's branches on j) and the set A of features whose every split the row follows, Lundberg's sum reduces to
 * phi_i = v·(1−z_i)·Z(A)·K(A∖{i}) for i in A and phi_i = −v·Z(A)·K(A) otherwise, where Z(A) = Π_{j∉A} z_j and
 * K(B) = Σ_{S⊆B} |S|!(d−|S|−1)!/d!·Π_{j∈B∖S} z_j. Both depend only on A, so every leaf's contributions are tabulated
 * for all 2^d masks and a row needs only its mask per leaf, which one pass over the nodes gives. Sibling leaves
 * have the same path features, so each such pair is tabulated as one (by the parent's mask and the row's direction
 * there), halving the additions per row.
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
    // Leaves never get a direction written, so theirs stays 0 (a single leaf's table ignores it).
    const dir = new Int32Array(maxNodes);
    // Trees outer, rows inner, in blocks: one tree's tables stay in cache while a block of rows goes through it, and
    // the block is copied row-major so a row's features share a few cache lines.
    const block = new Float64Array(ROW_BLOCK * featureCount);
    for (let start = 0; start < matrix.rowCount; start += ROW_BLOCK) {
      const end = Math.min(matrix.rowCount, start + ROW_BLOCK);
      for (let f = 0; f < featureCount; f++)
        for (let row = start; row < end; row++)
          block[(row - start) * featureCount + f] = matrix.values[f * matrix.rowCount + row] as number;
      for (let t = 0; t < this.tabulated.length; t++) {
        const tab = this.tabulated[t];
        for (let row = start; row < end; row++) {
          if (tab) addRow(tab, block, (row - start) * featureCount, mask, dir, values, row * featureCount);
          else
            pathTreeShap(
              this.model.trees[t] as RegressionTree,
              block.subarray((row - start) * featureCount, (row - start + 1) * featureCount),
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
  block: Float64Array,
  blockOffset: number,
  mask: Int32Array,
  dir: Int32Array,
  phi: Float64Array,
  phiOffset: number,
): void {
  computeMasks(tab, block, blockOffset, mask, dir);
  addLeaves(tab, mask, dir, phi, phiOffset);
}

/** Internal nodes in node order (a parent's mask is ready before its children's): a bit is cleared where x turns away. */
function computeMasks(
  tab: TabulatedTree,
  block: Float64Array,
  blockOffset: number,
  mask: Int32Array,
  dir: Int32Array,
): void {
  const { feature, threshold, left, right } = tab.tree;
  const { internalNodes, slotBit, missingLeft } = tab;
  mask[0] = -1;
  for (let i = 0; i < internalNodes.length; i++) {
    const n = internalNodes[i] as number;
    const m = mask[n] as number;
    const x = block[blockOffset + (feature[n] as number)] as number;
    const t = threshold[n] as number;
    // 1 when the row goes left: x <= t, or x missing (neither <= nor >) and the default is left. No branches: the
    // direction is data-dependent and a mispredicted jump per node would cost more than the arithmetic.
    const goesLeft = (x <= t ? 1 : 0) | ((missingLeft[n] as number) & (x > t ? 0 : 1));
    const bit = slotBit[n] as number;
    dir[n] = goesLeft;
    mask[left[n] as number] = m & ~(bit & (goesLeft - 1));
    mask[right[n] as number] = m & ~(bit & -goesLeft);
  }
}

/** Every unit (leaf or sibling pair) adds its tabulated contributions for the row's masks and direction. */
function addLeaves(
  tab: TabulatedTree,
  mask: Int32Array,
  dir: Int32Array,
  phi: Float64Array,
  phiOffset: number,
): void {
  const {
    unitNodes,
    unitBase,
    unitFull,
    unitDirStride,
    unitDims,
    unitFeatureStart,
    unitFeatures,
    contributions,
  } = tab;
  for (let u = 0; u < unitNodes.length; u++) {
    const node = unitNodes[u] as number;
    const d = unitDims[u] as number;
    const row =
      ((mask[node] as number) & (unitFull[u] as number)) +
      (dir[node] as number) * (unitDirStride[u] as number);
    const base = (unitBase[u] as number) + row * d;
    const featureBase = unitFeatureStart[u] as number;
    for (let j = 0; j < d; j++) {
      const k = phiOffset + (unitFeatures[featureBase + j] as number);
      phi[k] = (phi[k] as number) + (contributions[base + j] as number);
    }
  }
}

/** Tabulates a tree, or returns undefined when a leaf has too many distinct path features (or nodes are unordered). */
function tabulate(tree: RegressionTree): TabulatedTree | undefined {
  const size = tree.feature.length;
  const slotBit = new Int32Array(size);
  const leaves = new Map<number, { features: number[]; table: Float64Array }>();
  let tableNumbers = 0;
  // Depth-first walk carrying the path's distinct features and their zero fractions.
  const walk = (node: number, features: number[], zeros: number[]): boolean => {
    const f = tree.feature[node] as number;
    if (f < 0) {
      const d = features.length;
      tableNumbers += (1 << d) * d;
      if (d > MAX_TABLE_FEATURES || tableNumbers > MAX_TABLE_NUMBERS) return false;
      leaves.set(node, { features, table: leafContributions(tree.value[node] as number, zeros) });
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

  const units = {
    nodes: [] as number[],
    base: [] as number[],
    full: [] as number[],
    dirStride: [] as number[],
    dims: [] as number[],
    featureStart: [] as number[],
    features: [] as number[],
  };
  const tables: Float64Array[] = [];
  let offset = 0;
  const addUnit = (node: number, features: number[], table: Float64Array, dirStride: number) => {
    const d = features.length;
    units.nodes.push(node);
    units.base.push(offset);
    units.full.push((1 << d) - 1);
    units.dirStride.push(dirStride);
    units.dims.push(d);
    units.featureStart.push(units.features.length);
    units.features.push(...features);
    tables.push(table);
    offset += table.length;
  };
  const paired = new Set<number>();
  const internalNodes: number[] = [];
  for (let node = 0; node < size; node++) {
    if ((tree.feature[node] as number) < 0) continue;
    internalNodes.push(node);
    const left = leaves.get(tree.left[node] as number);
    const right = leaves.get(tree.right[node] as number);
    if (!left || !right) continue;
    // Siblings share their path features; their two contributions are summed into one table read through the
    // parent's mask and the row's direction there, which halves the additions per row.
    const d = left.features.length;
    const masks = 1 << d;
    const bit = slotBit[node] as number;
    const pair = new Float64Array(2 * masks * d);
    for (let goesLeft = 0; goesLeft < 2; goesLeft++)
      for (let m = 0; m < masks; m++) {
        const leftMask = goesLeft ? m : m & ~bit;
        const rightMask = goesLeft ? m & ~bit : m;
        for (let j = 0; j < d; j++)
          pair[(goesLeft * masks + m) * d + j] =
            (left.table[leftMask * d + j] as number) + (right.table[rightMask * d + j] as number);
      }
    addUnit(node, left.features, pair, masks);
    paired.add(tree.left[node] as number);
    paired.add(tree.right[node] as number);
  }
  for (const [node, leaf] of leaves) if (!paired.has(node)) addUnit(node, leaf.features, leaf.table, 0);
  const contributions = new Float64Array(offset);
  let at = 0;
  for (const table of tables) {
    contributions.set(table, at);
    at += table.length;
  }
  return {
    tree,
    internalNodes: Int32Array.from(internalNodes),
    slotBit,
    missingLeft: Int32Array.from(tree.defaultLeft),
    unitNodes: Int32Array.from(units.nodes),
    unitBase: Int32Array.from(units.base),
    unitFull: Int32Array.from(units.full),
    unitDirStride: Int32Array.from(units.dirStride),
    unitDims: Int32Array.from(units.dims),
    unitFeatureStart: Int32Array.from(units.featureStart),
    unitFeatures: Int32Array.from(units.features),
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
