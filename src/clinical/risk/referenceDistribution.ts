/**
 * A feature's training distribution in quantile bins, kept with a model so inputs seen after deployment can be
 * compared with it (population stability index). `shares` has one entry per bin (`cuts.length + 1`, bin i holds
 * values ≤ cuts[i] and > cuts[i−1]) and a last entry for missing values.
 */
export type ReferenceDistribution = {
  readonly feature: string;
  readonly cuts: readonly number[];
  readonly shares: readonly number[];
};

/** Bins `values` by `cuts` and returns each bin's share, missing (NaN) values last. */
export function binShares(cuts: readonly number[], values: ArrayLike<number>): number[] {
  const counts = new Array<number>(cuts.length + 2).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let bin = cuts.length + 1;
    if (!Number.isNaN(v)) {
      bin = 0;
      while (bin < cuts.length && v > (cuts[bin] as number)) bin++;
    }
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts.map((c) => (values.length === 0 ? 0 : c / values.length));
}

/** Decile cut points of the present values (distinct, so a feature with few values gets fewer bins) and shares. */
export function referenceDistribution(
  feature: string,
  values: ArrayLike<number>,
  bins = 10,
): ReferenceDistribution {
  const present = Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let q = 1; q < bins && present.length > 0; q++) {
    const cut = present[Math.min(present.length - 1, Math.floor((q * present.length) / bins))] as number;
    // A cut at the maximum would leave an empty top bin.
    if (cut < (present[present.length - 1] as number) && cut !== cuts[cuts.length - 1]) cuts.push(cut);
  }
  return { feature, cuts, shares: binShares(cuts, values) };
}
