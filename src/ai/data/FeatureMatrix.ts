import { FeatureMismatchError } from '../aiErrors.ts';

/**
 * Rows × features as one column-major `Float64Array` (feature `f` of row `r` at `f * rowCount + r`), `NaN` for a
 * missing value. Column-major because every learner here scans one feature at a time (binning, splits, scaling).
 */
export type FeatureMatrix = {
  readonly rowCount: number;
  readonly featureNames: readonly string[];
  readonly values: Float64Array;
};

/** A feature matrix with one label per row (0/1 for binary tasks, a number for regression). */
export type LabelledDataset = FeatureMatrix & { readonly target: Float64Array };

/** Builds a matrix from row-major arrays (tests and small inputs); `null`/`undefined`/`NaN` become missing. */
export function featureMatrixFromRows(
  rows: readonly (readonly (number | null | undefined)[])[],
  featureNames?: readonly string[],
): FeatureMatrix {
  const featureCount = featureNames?.length ?? rows[0]?.length ?? 0;
  const names = featureNames ?? Array.from({ length: featureCount }, (_, f) => `x${f}`);
  const rowCount = rows.length;
  const values = new Float64Array(rowCount * featureCount);
  rows.forEach((row, r) => {
    if (row.length !== featureCount)
      throw new FeatureMismatchError(`Row ${r} has ${row.length} values; expected ${featureCount}`);
    for (let f = 0; f < featureCount; f++) values[f * rowCount + r] = row[f] ?? Number.NaN;
  });
  return { rowCount, featureNames: names, values };
}

/** One feature's values for every row (a view, not a copy). */
export function featureColumn(matrix: FeatureMatrix, feature: number): Float64Array {
  return matrix.values.subarray(feature * matrix.rowCount, (feature + 1) * matrix.rowCount);
}

/** The features of one row, in feature order (a copy). */
export function featureRow(matrix: FeatureMatrix, row: number): Float64Array {
  const featureCount = matrix.featureNames.length;
  const out = new Float64Array(featureCount);
  for (let f = 0; f < featureCount; f++) out[f] = matrix.values[f * matrix.rowCount + row] as number;
  return out;
}

/** The rows at `indices`, in that order, as a new matrix (for folds, subsamples and validation splits). */
export function takeRows(matrix: FeatureMatrix, indices: ArrayLike<number>): FeatureMatrix {
  const featureCount = matrix.featureNames.length;
  const rowCount = indices.length;
  const values = new Float64Array(rowCount * featureCount);
  for (let f = 0; f < featureCount; f++) {
    const from = f * matrix.rowCount;
    const to = f * rowCount;
    for (let i = 0; i < rowCount; i++)
      values[to + i] = matrix.values[from + (indices[i] as number)] as number;
  }
  return { rowCount, featureNames: matrix.featureNames, values };
}

/** The rows at `indices` of a labelled dataset, labels included. */
export function takeLabelledRows(dataset: LabelledDataset, indices: ArrayLike<number>): LabelledDataset {
  const target = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) target[i] = dataset.target[indices[i] as number] as number;
  return { ...takeRows(dataset, indices), target };
}

/** Throws unless `matrix` has exactly the features a model was trained on, in the same order. */
export function assertSameFeatures(matrix: FeatureMatrix, expected: readonly string[]): void {
  const got = matrix.featureNames;
  if (got.length !== expected.length || got.some((name, i) => name !== expected[i]))
    throw new FeatureMismatchError(
      `Expected ${expected.length} features in training order, got ${got.length}`,
      {
        details: [`first expected: ${expected.slice(0, 5).join(', ')}`],
      },
    );
}
