import { MISSING_BIN } from './QuantileBins.ts';

/** The best split of one node found in its gradient/hessian histogram. */
export type HistogramSplit = {
  readonly feature: number;
  /** Value bins `<= bin` go left. */
  readonly bin: number;
  readonly defaultLeft: boolean;
  readonly gain: number;
  readonly gradLeft: number;
  readonly hessLeft: number;
};

/** Histogram stride of one feature: 256 bins (255 value bins + the missing bin) of interleaved [g, h]. */
export const HISTOGRAM_FEATURE_STRIDE = (MISSING_BIN + 1) * 2;

// Module-local copies: an imported binding is read through a getter under some loaders, too slow for inner loops.
const MISSING = MISSING_BIN;
const STRIDE = HISTOGRAM_FEATURE_STRIDE;

/**
 * Finds the split with the largest XGBoost gain in a node's histogram (`hist[f * 512 + 2b]` = gradient sum and
 * `+ 1` = hessian sum of feature `f`, bin `b`), trying missing values on both sides. Shared by the local tree
 * grower and federated GBDT, whose coordinator sees only histograms summed over sites.
 */
export function bestHistogramSplit(
  hist: Float64Array,
  g: number,
  h: number,
  features: Uint32Array,
  binCounts: Uint16Array,
  lambda: number,
  minChildWeight: number,
): HistogramSplit | undefined {
  const parentScore = (g * g) / (h + lambda);
  let best: HistogramSplit | undefined;
  let bestGain = 0;
  for (let i = 0; i < features.length; i++) {
    const f = features[i] as number;
    const offset = f * STRIDE;
    const missG = hist[offset + MISSING * 2] as number;
    const missH = hist[offset + MISSING * 2 + 1] as number;
    const hasMissing = missH > 0;
    const lastThreshold = (binCounts[f] as number) - 1;
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < lastThreshold; b++) {
      const hb = hist[offset + 2 * b + 1] as number;
      // An empty bin gives the same split as the bin before it.
      if (hb === 0) continue;
      gl += hist[offset + 2 * b] as number;
      hl += hb;
      // Missing values to the right: the left child holds only the bins up to b.
      let hr = h - hl;
      if (hl >= minChildWeight && hr >= minChildWeight) {
        const gr = g - gl;
        const gain = 0.5 * ((gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore);
        if (gain > bestGain) {
          bestGain = gain;
          // Unseen missing values follow the heavier side when none were present in training.
          const dl = !hasMissing && hl > hr;
          best = { feature: f, bin: b, defaultLeft: dl, gain, gradLeft: gl, hessLeft: hl };
        }
      }
      if (hasMissing) {
        const gml = gl + missG;
        const hml = hl + missH;
        hr = h - hml;
        if (hml >= minChildWeight && hr >= minChildWeight) {
          const gr = g - gml;
          const gain = 0.5 * ((gml * gml) / (hml + lambda) + (gr * gr) / (hr + lambda) - parentScore);
          if (gain > bestGain) {
            bestGain = gain;
            best = { feature: f, bin: b, defaultLeft: true, gain, gradLeft: gml, hessLeft: hml };
          }
        }
      }
    }
  }
  return best;
}
