import type { FeatureMatrix } from '../data/FeatureMatrix.ts';

/**
 * One tree as flat arrays indexed by node (node 0 is the root). `feature[node] < 0` marks a leaf. An internal node
 * sends `x <= threshold` left, `x > threshold` right and a missing value to its learned default side. `value` holds
 * leaf outputs (learning rate applied) and `cover` the sum of training hessians that reached each node, which
 * TreeSHAP uses as the weight of each branch.
 */
export type RegressionTree = {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly defaultLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
};

/** The leaf a row of `values` (column-major, `rowCount` rows) ends in. */
export function leafOf(tree: RegressionTree, values: Float64Array, rowCount: number, row: number): number {
  const { feature, threshold, defaultLeft, left, right } = tree;
  let node = 0;
  let f = feature[0] as number;
  while (f >= 0) {
    const x = values[f * rowCount + row] as number;
    const t = threshold[node] as number;
    node =
      x <= t
        ? (left[node] as number)
        : x > t
          ? (right[node] as number)
          : defaultLeft[node]
            ? (left[node] as number)
            : (right[node] as number);
    f = feature[node] as number;
  }
  return node;
}

/** Adds the tree's output for every row of `matrix` to `out`. */
export function addTreeOutput(tree: RegressionTree, matrix: FeatureMatrix, out: Float64Array): void {
  const { values, rowCount } = matrix;
  for (let r = 0; r < rowCount; r++)
    out[r] = (out[r] as number) + (tree.value[leafOf(tree, values, rowCount, r)] as number);
}

/** Depth of the deepest leaf (a single leaf has depth 0). */
export function treeDepth(tree: RegressionTree, node = 0): number {
  if ((tree.feature[node] as number) < 0) return 0;
  return (
    1 + Math.max(treeDepth(tree, tree.left[node] as number), treeDepth(tree, tree.right[node] as number))
  );
}
