import type { LabelledDataset } from '../../ai/data/FeatureMatrix.ts';
import { HISTOGRAM_FEATURE_STRIDE } from '../../ai/gbdt/bestHistogramSplit.ts';
import { type GbdtObjectiveName, gbdtObjective } from '../../ai/gbdt/gbdtObjective.ts';
import { type BinnedMatrix, MISSING_BIN, type QuantileBins } from '../../ai/gbdt/QuantileBins.ts';
import type { RegressionTree } from '../../ai/gbdt/RegressionTree.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';

/** A split the coordinator chose, as every site applies it to its own rows. */
export type BroadcastSplit = {
  readonly node: number;
  readonly feature: number;
  /** Bins `<= bin` go left; the missing bin follows `defaultLeft`. */
  readonly bin: number;
  readonly defaultLeft: boolean;
  readonly left: number;
  readonly right: number;
};

const STRIDE = HISTOGRAM_FEATURE_STRIDE;
const MISSING = MISSING_BIN;

/**
 * One site in federated GBDT training. Its rows, labels, margins, gradients and the node each row sits in never
 * leave it; it answers only with a label summary and gradient/hessian histograms of the nodes the coordinator asks
 * for (on the shared bin edges), which the coordinator sums over sites, optionally through secure aggregation.
 */
export class FederatedGbdtSite {
  private readonly binned: BinnedMatrix;
  private readonly objective;
  private readonly margin: Float64Array;
  private readonly grad: Float64Array;
  private readonly hess: Float64Array;
  private readonly nodeOf: Int32Array;

  constructor(
    private readonly data: LabelledDataset,
    bins: QuantileBins,
    objective: GbdtObjectiveName = 'binary:logistic',
  ) {
    if (data.rowCount === 0) throw new InvalidFederatedInputError('A GBDT site needs at least one row');
    this.binned = bins.bin(data);
    this.objective = gbdtObjective(objective);
    this.margin = new Float64Array(data.rowCount);
    this.grad = new Float64Array(data.rowCount);
    this.hess = new Float64Array(data.rowCount);
    this.nodeOf = new Int32Array(data.rowCount);
  }

  /** `[Σ target, rows]`, summed over sites for the base score. */
  labelSummary(): Float64Array {
    return Float64Array.of(
      this.data.target.reduce((s, y) => s + y, 0),
      this.data.rowCount,
    );
  }

  /** Starts a tree: the first call sets every margin to the base score; gradients at the current margins. */
  beginTree(baseScore: number, first: boolean): void {
    if (first) this.margin.fill(baseScore);
    this.objective.gradients(this.data.target, this.margin, this.grad, this.hess);
    this.nodeOf.fill(0);
  }

  /** Gradient/hessian histograms (layout of `bestHistogramSplit`) of the listed nodes, one after another. */
  histograms(nodes: readonly number[]): Float64Array {
    const { bins, featureCount, rowCount } = this.binned;
    const size = featureCount * STRIDE;
    const out = new Float64Array(nodes.length * size);
    const slot = new Map(nodes.map((node, i) => [node, i * size]));
    for (let r = 0; r < rowCount; r++) {
      const base = slot.get(this.nodeOf[r] as number);
      if (base === undefined) continue;
      const g = this.grad[r] as number;
      const h = this.hess[r] as number;
      const row = r * featureCount;
      for (let f = 0; f < featureCount; f++) {
        const k = base + f * STRIDE + ((bins[row + f] as number) << 1);
        out[k] = (out[k] as number) + g;
        out[k + 1] = (out[k + 1] as number) + h;
      }
    }
    return out;
  }

  /** Moves this site's rows to the children of the split nodes. */
  applySplits(splits: readonly BroadcastSplit[]): void {
    const { columns, rowCount } = this.binned;
    const byNode = new Map(splits.map((s) => [s.node, s]));
    for (let r = 0; r < rowCount; r++) {
      const split = byNode.get(this.nodeOf[r] as number);
      if (!split) continue;
      const b = columns[split.feature * rowCount + r] as number;
      const left = b === MISSING ? split.defaultLeft : b <= split.bin;
      this.nodeOf[r] = left ? split.left : split.right;
    }
  }

  /** Ends a tree: adds each row's leaf value to its margin. */
  finishTree(tree: RegressionTree): void {
    for (let r = 0; r < this.margin.length; r++)
      this.margin[r] = (this.margin[r] as number) + (tree.value[this.nodeOf[r] as number] as number);
  }
}
