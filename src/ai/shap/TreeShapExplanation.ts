/** SHAP values for a set of rows: for each row, `expectedValue` plus its values equals the model's margin. */
export type TreeShapExplanation = {
  readonly featureNames: readonly string[];
  readonly rowCount: number;
  readonly expectedValue: number;
  /** Row-major: `values[row * featureNames.length + feature]`. */
  readonly values: Float64Array;
};

/** One feature's share of a prediction, as shown beside a score. */
export type FeatureContribution = { readonly feature: string; readonly value: number };

/** The `k` features that moved one row's margin most (by absolute SHAP value), largest first. */
export function topContributions(
  explanation: TreeShapExplanation,
  row: number,
  k: number,
): FeatureContribution[] {
  const count = explanation.featureNames.length;
  const out: FeatureContribution[] = [];
  for (let f = 0; f < count; f++)
    out.push({
      feature: explanation.featureNames[f] as string,
      value: explanation.values[row * count + f] as number,
    });
  return out.sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, k);
}
