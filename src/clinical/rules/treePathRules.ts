import type { GbdtModel } from '../../ai/gbdt/GbdtModel.ts';
import type { RegressionTree } from '../../ai/gbdt/RegressionTree.ts';
import { treeExpectation } from '../../ai/shap/FastTreeShap.ts';
import type { RiskFeature } from '../risk/RiskFeature.ts';
import type { ReasoningStep, RuleInput } from './ReasoningStep.ts';

type Bounds = { above?: number; atMost?: number; missing?: boolean };

const formatThreshold = (t: number): string => String(Number(t.toPrecision(4)));

/** The leaf a row reaches in one tree and the conditions on the way, merged per feature into intervals. */
function pathOf(tree: RegressionTree, row: ArrayLike<number>): { leaf: number; bounds: Map<number, Bounds> } {
  const bounds = new Map<number, Bounds>();
  let node = 0;
  for (;;) {
    const f = tree.feature[node] as number;
    if (f < 0) return { leaf: node, bounds };
    const x = row[f] as number;
    const t = tree.threshold[node] as number;
    const b = bounds.get(f) ?? {};
    let left: boolean;
    if (Number.isNaN(x)) {
      left = tree.defaultLeft[node] === 1;
      b.missing = true;
    } else if (x <= t) {
      left = true;
      b.atMost = Math.min(b.atMost ?? Number.POSITIVE_INFINITY, t);
    } else {
      left = false;
      b.above = Math.max(b.above ?? Number.NEGATIVE_INFINITY, t);
    }
    bounds.set(f, b);
    node = left ? (tree.left[node] as number) : (tree.right[node] as number);
  }
}

function condition(feature: RiskFeature, b: Bounds): string {
  if (b.missing) return `${feature.label} not recorded`;
  const unit = feature.unit ? ` ${feature.unit}` : '';
  if (b.above !== undefined && b.atMost !== undefined)
    return `${formatThreshold(b.above)} < ${feature.label} ≤ ${formatThreshold(b.atMost)}${unit}`;
  if (b.above !== undefined) return `${feature.label} > ${formatThreshold(b.above)}${unit}`;
  return `${feature.label} ≤ ${formatThreshold(b.atMost ?? Number.NaN)}${unit}`;
}

/**
 * Rules extracted from the learned trees for one row: the `k` trees whose leaf moved this row's margin most away
 * from the tree's average (leaf value − cover-weighted mean of the tree), each as "IF <path conditions> THEN +x
 * log-odds". Together with TreeSHAP they show which learned thresholds the prediction crossed.
 */
export function treePathRules(
  model: GbdtModel,
  features: readonly RiskFeature[],
  row: ArrayLike<number>,
  k = 3,
): ReasoningStep[] {
  const scored = model.trees.map((tree, index) => {
    const { leaf, bounds } = pathOf(tree, row);
    return { index, bounds, effect: (tree.value[leaf] as number) - treeExpectation(tree) };
  });
  scored.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || a.index - b.index);
  return scored.slice(0, k).map(({ index, bounds, effect }) => {
    const ordered = [...bounds.entries()].sort((a, b) => a[0] - b[0]);
    const conditions = ordered.map(([f, b]) => condition(features[f] as RiskFeature, b));
    const inputs: Record<string, RuleInput> = {};
    for (const [f] of ordered) {
      const v = row[f] as number;
      inputs[(features[f] as RiskFeature).name] = Number.isNaN(v) ? null : v;
    }
    const signed = `${effect >= 0 ? '+' : '−'}${Math.abs(effect).toFixed(3)}`;
    return {
      rule: `tree.${index}`,
      text: `IF ${conditions.join(' AND ')} THEN ${signed} log-odds (tree ${index})`,
      inputs,
      conclusion: `${effect >= 0 ? 'raises' : 'lowers'} the risk`,
      points: effect,
    };
  });
}
