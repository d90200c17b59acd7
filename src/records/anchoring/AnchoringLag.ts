/** Percentiles of anchoring lag in milliseconds, over recent batches. */
export type AnchoringLagSummary = { samples: number; p50: number; p99: number; max: number };

/**
 * Anchoring lag (time from a version's creation to its batch being anchored) over the last `capacity` batches.
 * A batch contributes its OLDEST version's lag, weighted by the batch size: an upper bound for every version in
 * it, found with one read per batch instead of one per version.
 */
export class AnchoringLag {
  readonly #capacity: number;
  readonly #samples: { lagMs: number; weight: number }[] = [];

  constructor(capacity = 1024) {
    this.#capacity = capacity;
  }

  /** Records one anchored batch. */
  add(lagMs: number, weight: number): void {
    this.#samples.push({ lagMs: Math.max(0, lagMs), weight });
    if (this.#samples.length > this.#capacity) this.#samples.shift();
  }

  /** Weighted percentiles (0 when nothing was anchored yet). */
  summary(): AnchoringLagSummary {
    const sorted = [...this.#samples].sort((a, b) => a.lagMs - b.lagMs);
    const total = sorted.reduce((sum, s) => sum + s.weight, 0);
    const at = (fraction: number): number => {
      let seen = 0;
      for (const sample of sorted) {
        seen += sample.weight;
        if (seen >= fraction * total) return sample.lagMs;
      }
      return sorted.at(-1)?.lagMs ?? 0;
    };
    return { samples: total, p50: at(0.5), p99: at(0.99), max: sorted.at(-1)?.lagMs ?? 0 };
  }
}
