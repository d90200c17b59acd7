import { bestHistogramSplit, HISTOGRAM_FEATURE_STRIDE, type HistogramSplit } from './bestHistogramSplit.ts';
import { type BinnedMatrix, MISSING_BIN } from './QuantileBins.ts';
import type { RegressionTree } from './RegressionTree.ts';

/** The knobs of one tree (XGBoost's names and meanings). */
export type TreeGrowParams = {
  readonly maxDepth: number;
  /** Smallest hessian sum a child may have. */
  readonly minChildWeight: number;
  /** L2 penalty on leaf weights. */
  readonly lambda: number;
  /** Smallest loss reduction worth a split. */
  readonly gamma: number;
  readonly learningRate: number;
};

/** A grown tree, plus where each training row in the tree's sample ended (rows[start..end) per leaf; `rows` is reused by the next `grow`). */
export type GrownTree = {
  readonly tree: RegressionTree;
  /** Bin of each internal node's threshold, to route binned rows. */
  readonly thresholdBin: Uint8Array;
  readonly rows: Uint32Array;
  readonly leaves: readonly { node: number; start: number; end: number }[];
  /** Loss reduction of each split, by feature (for importance). */
  readonly gainByFeature: Float64Array;
};

type Split = HistogramSplit;
type Pending = {
  node: number;
  start: number;
  end: number;
  grad: number;
  hess: number;
  hist: Float64Array | undefined;
};

// Module-local copies: an imported binding is read through a getter under some loaders, too slow for inner loops.
const MISSING = MISSING_BIN;
const STRIDE = HISTOGRAM_FEATURE_STRIDE;

/**
 * Grows depth-wise regression trees on gradient histograms (Chen & Guestrin 2016, Ke et al. 2017). Rows of a node
 * stay contiguous in one index buffer; only the smaller child's histogram is built from its rows and the larger
 * one is the parent's minus it (the subtraction trick), so each level reads at most half the rows. Missing values
 * are tried on both sides of every split and go to the better one, which becomes the node's default direction.
 */
export class HistogramTreeGrower {
  private readonly binCounts: Uint16Array;
  private readonly scratch: Uint32Array;
  private readonly rowBuffer: Uint32Array;
  private readonly pool: Float64Array[] = [];

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly cuts: readonly Float64Array[],
    private readonly params: TreeGrowParams,
  ) {
    this.binCounts = Uint16Array.from(cuts, (c) => c.length + 1);
    this.scratch = new Uint32Array(binned.rowCount);
    this.rowBuffer = new Uint32Array(binned.rowCount);
  }

  /** Grows one tree on the rows in `sample` (ascending row numbers) using only the features in `features`. */
  grow(grad: Float64Array, hess: Float64Array, sample: Uint32Array, features: Uint32Array): GrownTree {
    const { maxDepth, lambda, gamma, learningRate, minChildWeight } = this.params;
    const maxNodes = 2 ** (maxDepth + 1) - 1;
    const feature = new Int32Array(maxNodes).fill(-1);
    const threshold = new Float64Array(maxNodes);
    const thresholdBin = new Uint8Array(maxNodes);
    const defaultLeft = new Uint8Array(maxNodes);
    const left = new Int32Array(maxNodes).fill(-1);
    const right = new Int32Array(maxNodes).fill(-1);
    const value = new Float64Array(maxNodes);
    const cover = new Float64Array(maxNodes);
    const gainByFeature = new Float64Array(this.binned.featureCount);
    // One row buffer for the grower's life (valid until the next grow): a fresh copy per tree is garbage to collect.
    const rows = this.rowBuffer.subarray(0, sample.length);
    rows.set(sample);
    const leaves: { node: number; start: number; end: number }[] = [];

    let g0 = 0;
    let h0 = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      g0 += grad[r] as number;
      h0 += hess[r] as number;
    }
    let nodeCount = 1;
    let level: Pending[] = [{ node: 0, start: 0, end: rows.length, grad: g0, hess: h0, hist: undefined }];
    if (maxDepth > 0 && h0 >= 2 * minChildWeight) {
      const hist = this.takeHistogram();
      this.buildHistogram(hist, rows, 0, rows.length, grad, hess);
      (level[0] as Pending).hist = hist;
    }
    for (let depth = 0; level.length > 0; depth++) {
      const next: Pending[] = [];
      for (const p of level) {
        cover[p.node] = p.hess;
        value[p.node] = (-p.grad / (p.hess + lambda)) * learningRate;
        const split = p.hist ? this.bestSplit(p.hist, p.grad, p.hess, features) : undefined;
        if (!split || split.gain <= gamma) {
          if (p.hist) this.pool.push(p.hist);
          leaves.push({ node: p.node, start: p.start, end: p.end });
          continue;
        }
        const mid = this.partition(rows, p.start, p.end, split);
        const l = nodeCount++;
        const r = nodeCount++;
        feature[p.node] = split.feature;
        threshold[p.node] = (this.cuts[split.feature] as Float64Array)[split.bin] as number;
        thresholdBin[p.node] = split.bin;
        defaultLeft[p.node] = split.defaultLeft ? 1 : 0;
        left[p.node] = l;
        right[p.node] = r;
        gainByFeature[split.feature] = (gainByFeature[split.feature] as number) + split.gain;
        const leftChild: Pending = {
          node: l,
          start: p.start,
          end: mid,
          grad: split.gradLeft,
          hess: split.hessLeft,
          hist: undefined,
        };
        const rightChild: Pending = {
          node: r,
          start: mid,
          end: p.end,
          grad: p.grad - split.gradLeft,
          hess: p.hess - split.hessLeft,
          hist: undefined,
        };
        const parentHist = p.hist as Float64Array;
        const childrenSplit = depth + 1 < maxDepth;
        const leftSplits = childrenSplit && leftChild.hess >= 2 * minChildWeight;
        const rightSplits = childrenSplit && rightChild.hess >= 2 * minChildWeight;
        if (leftSplits || rightSplits) {
          const [small, large] =
            mid - p.start <= p.end - mid ? [leftChild, rightChild] : [rightChild, leftChild];
          const smallHist = this.takeHistogram();
          this.buildHistogram(smallHist, rows, small.start, small.end, grad, hess);
          for (let i = 0; i < parentHist.length; i++)
            parentHist[i] = (parentHist[i] as number) - (smallHist[i] as number);
          small.hist = smallHist;
          large.hist = parentHist;
          if (!leftSplits) this.release(leftChild);
          if (!rightSplits) this.release(rightChild);
        } else {
          this.pool.push(parentHist);
        }
        next.push(leftChild, rightChild);
      }
      level = next;
    }
    const tree: RegressionTree = {
      feature: feature.slice(0, nodeCount),
      threshold: threshold.slice(0, nodeCount),
      defaultLeft: defaultLeft.slice(0, nodeCount),
      left: left.slice(0, nodeCount),
      right: right.slice(0, nodeCount),
      value: value.slice(0, nodeCount),
      cover: cover.slice(0, nodeCount),
    };
    return { tree, thresholdBin: thresholdBin.slice(0, nodeCount), rows, leaves, gainByFeature };
  }

  private release(p: Pending): void {
    if (p.hist) this.pool.push(p.hist);
    p.hist = undefined;
  }

  private takeHistogram(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.binned.featureCount * STRIDE);
  }

  /** Sums gradient and hessian per (feature, bin) over rows[start..end), interleaved as [g, h]. */
  private buildHistogram(
    hist: Float64Array,
    rows: Uint32Array,
    start: number,
    end: number,
    grad: Float64Array,
    hess: Float64Array,
  ): void {
    hist.fill(0);
    const { bins, featureCount } = this.binned;
    // Unrolled by four features: V8 does not unroll, and the loop overhead is a third of this hottest loop.
    const unrolled = featureCount & ~3;
    for (let i = start; i < end; i++) {
      const r = rows[i] as number;
      const g = grad[r] as number;
      const h = hess[r] as number;
      const base = r * featureCount;
      let f = 0;
      for (; f < unrolled; f += 4) {
        const offset = f * STRIDE;
        const k0 = offset + ((bins[base + f] as number) << 1);
        const k1 = offset + STRIDE + ((bins[base + f + 1] as number) << 1);
        const k2 = offset + 2 * STRIDE + ((bins[base + f + 2] as number) << 1);
        const k3 = offset + 3 * STRIDE + ((bins[base + f + 3] as number) << 1);
        hist[k0] = (hist[k0] as number) + g;
        hist[k0 + 1] = (hist[k0 + 1] as number) + h;
        hist[k1] = (hist[k1] as number) + g;
        hist[k1 + 1] = (hist[k1 + 1] as number) + h;
        hist[k2] = (hist[k2] as number) + g;
        hist[k2 + 1] = (hist[k2 + 1] as number) + h;
        hist[k3] = (hist[k3] as number) + g;
        hist[k3 + 1] = (hist[k3 + 1] as number) + h;
      }
      for (; f < featureCount; f++) {
        const k = f * STRIDE + ((bins[base + f] as number) << 1);
        hist[k] = (hist[k] as number) + g;
        hist[k + 1] = (hist[k + 1] as number) + h;
      }
    }
  }

  private bestSplit(hist: Float64Array, g: number, h: number, features: Uint32Array): Split | undefined {
    const { lambda, minChildWeight } = this.params;
    return bestHistogramSplit(hist, g, h, features, this.binCounts, lambda, minChildWeight);
  }

  /** Stable partition of rows[start..end) by the split; returns where the right child starts. */
  private partition(rows: Uint32Array, start: number, end: number, split: Split): number {
    const { columns, rowCount } = this.binned;
    const scratch = this.scratch;
    const column = split.feature * rowCount;
    const t = split.bin;
    // The missing bin is above every threshold, so `b <= t` already sends it right; `missingLeft` flips that.
    const missingLeft = split.defaultLeft ? 1 : 0;
    let l = start;
    let k = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i] as number;
      const b = columns[column + r] as number;
      // Branch-free: write to both sides and advance one (the direction is unpredictable, a branch would miss).
      const goesLeft = (b <= t ? 1 : 0) | (missingLeft & (b === MISSING ? 1 : 0));
      rows[l] = r;
      scratch[k] = r;
      l += goesLeft;
      k += 1 - goesLeft;
    }
    rows.set(scratch.subarray(0, k), l);
    return l;
  }
}
