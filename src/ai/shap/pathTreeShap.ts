import type { RegressionTree } from '../gbdt/RegressionTree.ts';

type PathElement = { feature: number; zero: number; one: number; weight: number };

/**
 * Exact path-dependent TreeSHAP of one tree for one row (Lundberg et al. 2018, Algorithm 2; the recursion of the
 * `shap` package's `tree_shap_recursive`), O(L·D²) per tree. Adds each feature's Shapley value to `phi`; `x` holds
 * the row's features in model order (`NaN` follows the node's default side). `FastTreeShap` is the fast path; this
 * is its reference and the fallback for trees too deep to tabulate.
 */
export function pathTreeShap(tree: RegressionTree, x: ArrayLike<number>, phi: Float64Array): void {
  recurse(tree, x, phi, 0, [], 1, 1, -1);
}

function recurse(
  tree: RegressionTree,
  x: ArrayLike<number>,
  phi: Float64Array,
  node: number,
  parentPath: readonly PathElement[],
  zero: number,
  one: number,
  feature: number,
): void {
  const path = parentPath.map((e) => ({ ...e }));
  extend(path, zero, one, feature);
  const split = tree.feature[node] as number;
  if (split < 0) {
    const leafValue = tree.value[node] as number;
    for (let i = 1; i < path.length; i++) {
      const e = path[i] as PathElement;
      const w = unwoundSum(path, i);
      phi[e.feature] = (phi[e.feature] as number) + w * (e.one - e.zero) * leafValue;
    }
    return;
  }
  const value = x[split] as number;
  const t = tree.threshold[node] as number;
  const l = tree.left[node] as number;
  const r = tree.right[node] as number;
  const goesLeft = value <= t ? true : value > t ? false : tree.defaultLeft[node] === 1;
  const hot = goesLeft ? l : r;
  const cold = goesLeft ? r : l;
  const cover = tree.cover[node] as number;
  let incomingZero = 1;
  let incomingOne = 1;
  const k = path.findIndex((e, i) => i > 0 && e.feature === split);
  if (k > 0) {
    const e = path[k] as PathElement;
    incomingZero = e.zero;
    incomingOne = e.one;
    unwind(path, k);
  }
  const ratio = (child: number) => (cover > 0 ? (tree.cover[child] as number) / cover : 0);
  recurse(tree, x, phi, hot, path, incomingZero * ratio(hot), incomingOne, split);
  recurse(tree, x, phi, cold, path, incomingZero * ratio(cold), 0, split);
}

/** Adds a feature to the path, updating the permutation weights of every subset size. */
function extend(path: PathElement[], zero: number, one: number, feature: number): void {
  const depth = path.length;
  path.push({ feature, zero, one, weight: depth === 0 ? 1 : 0 });
  for (let i = depth - 1; i >= 0; i--) {
    const e = path[i] as PathElement;
    const next = path[i + 1] as PathElement;
    next.weight += (one * e.weight * (i + 1)) / (depth + 1);
    e.weight = (zero * e.weight * (depth - i)) / (depth + 1);
  }
}

/** Removes path element `index` (a feature met again deeper in the tree), undoing its `extend`. */
function unwind(path: PathElement[], index: number): void {
  const depth = path.length - 1;
  const { one, zero } = path[index] as PathElement;
  let next = (path[depth] as PathElement).weight;
  for (let j = depth - 1; j >= 0; j--) {
    const e = path[j] as PathElement;
    if (one !== 0) {
      const tmp = e.weight;
      e.weight = (next * (depth + 1)) / ((j + 1) * one);
      next = tmp - (e.weight * zero * (depth - j)) / (depth + 1);
    } else {
      e.weight = (e.weight * (depth + 1)) / (zero * (depth - j));
    }
  }
  for (let j = index; j < depth; j++) {
    const to = path[j] as PathElement;
    const from = path[j + 1] as PathElement;
    to.feature = from.feature;
    to.zero = from.zero;
    to.one = from.one;
  }
  path.pop();
}

/** The total permutation weight if element `index` were unwound, without changing the path. */
function unwoundSum(path: readonly PathElement[], index: number): number {
  const depth = path.length - 1;
  const { one, zero } = path[index] as PathElement;
  let next = (path[depth] as PathElement).weight;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    const w = (path[i] as PathElement).weight;
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = w - (tmp * zero * (depth - i)) / (depth + 1);
    } else {
      total += w / ((zero * (depth - i)) / (depth + 1));
    }
  }
  return total;
}
