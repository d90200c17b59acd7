import { ModelFormatError } from '../aiErrors.ts';
import { assertSameFeatures, type FeatureMatrix } from '../data/FeatureMatrix.ts';
import { type GbdtObjectiveName, gbdtObjective } from './gbdtObjective.ts';
import { addTreeOutput, type RegressionTree } from './RegressionTree.ts';

/** Saved form of a model: plain JSON, versioned so a later schema can still read (or refuse) old files. */
export type GbdtModelJson = {
  format: 'caduceus-gbdt';
  version: 1;
  objective: GbdtObjectiveName;
  baseScore: number;
  featureNames: string[];
  featureGain: number[];
  trees: {
    feature: number[];
    threshold: number[];
    defaultLeft: number[];
    left: number[];
    right: number[];
    value: number[];
    cover: number[];
  }[];
};

/** A trained gradient-boosted tree ensemble: margin = baseScore + the sum of every tree's leaf value. */
export class GbdtModel {
  constructor(
    readonly objective: GbdtObjectiveName,
    readonly baseScore: number,
    readonly featureNames: readonly string[],
    readonly trees: readonly RegressionTree[],
    /** Total loss reduction of the splits on each feature (importance by gain). */
    readonly featureGain: Float64Array = new Float64Array(featureNames.length),
  ) {}

  /** The raw margin of every row (log-odds for logistic); TreeSHAP values sum to this. */
  predictMargin(matrix: FeatureMatrix): Float64Array {
    assertSameFeatures(matrix, this.featureNames);
    const out = new Float64Array(matrix.rowCount).fill(this.baseScore);
    for (const tree of this.trees) addTreeOutput(tree, matrix, out);
    return out;
  }

  /** Predictions: probabilities for `binary:logistic`, values for regression. */
  predict(matrix: FeatureMatrix): Float64Array {
    const transform = gbdtObjective(this.objective).transform;
    return this.predictMargin(matrix).map(transform);
  }

  /** The JSON form (`GbdtModel.fromJson` reads it back to an identical model). */
  toJson(): GbdtModelJson {
    return {
      format: 'caduceus-gbdt',
      version: 1,
      objective: this.objective,
      baseScore: this.baseScore,
      featureNames: [...this.featureNames],
      featureGain: Array.from(this.featureGain),
      trees: this.trees.map((t) => ({
        feature: Array.from(t.feature),
        threshold: Array.from(t.threshold),
        defaultLeft: Array.from(t.defaultLeft),
        left: Array.from(t.left),
        right: Array.from(t.right),
        value: Array.from(t.value),
        cover: Array.from(t.cover),
      })),
    };
  }

  /** Reads a saved model, checking format, version and that every tree is well formed. */
  static fromJson(json: unknown): GbdtModel {
    const j = json as Partial<GbdtModelJson> | null;
    if (typeof j !== 'object' || j === null || j.format !== 'caduceus-gbdt')
      throw new ModelFormatError('Not a Caduceus GBDT model (format must be "caduceus-gbdt")');
    if (j.version !== 1) throw new ModelFormatError(`Unsupported GBDT model version ${String(j.version)}`);
    if (j.objective !== 'binary:logistic' && j.objective !== 'reg:squarederror')
      throw new ModelFormatError(`Unknown objective ${String(j.objective)}`);
    if (typeof j.baseScore !== 'number' || !Array.isArray(j.featureNames) || !Array.isArray(j.trees))
      throw new ModelFormatError('A GBDT model needs baseScore, featureNames and trees');
    const featureCount = j.featureNames.length;
    const trees = j.trees.map((t, i) => parseTree(t, featureCount, i));
    const gain = Array.isArray(j.featureGain)
      ? Float64Array.from(j.featureGain)
      : new Float64Array(featureCount);
    return new GbdtModel(j.objective, j.baseScore, j.featureNames.map(String), trees, gain);
  }
}

function parseTree(t: GbdtModelJson['trees'][number], featureCount: number, index: number): RegressionTree {
  const keys = ['feature', 'threshold', 'defaultLeft', 'left', 'right', 'value', 'cover'] as const;
  const size = t?.feature?.length ?? 0;
  for (const key of keys)
    if (
      !Array.isArray(t?.[key]) ||
      t[key].length !== size ||
      size === 0 ||
      t[key].some((v) => typeof v !== 'number')
    )
      throw new ModelFormatError(`Tree ${index}: "${key}" must be a number array as long as "feature"`);
  const tree: RegressionTree = {
    feature: Int32Array.from(t.feature),
    threshold: Float64Array.from(t.threshold),
    defaultLeft: Uint8Array.from(t.defaultLeft),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    value: Float64Array.from(t.value),
    cover: Float64Array.from(t.cover),
  };
  // Children must point forward so prediction always ends at a leaf.
  for (let n = 0; n < size; n++) {
    const f = tree.feature[n] as number;
    if (f < 0) continue;
    const l = tree.left[n] as number;
    const r = tree.right[n] as number;
    if (f >= featureCount || l <= n || r <= n || l >= size || r >= size)
      throw new ModelFormatError(`Tree ${index}: node ${n} has a bad feature or child index`);
  }
  return tree;
}
