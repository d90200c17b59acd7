import { brierScore } from '../../ai/metrics/brierScore.ts';
import { expectedCalibrationError } from '../../ai/metrics/expectedCalibrationError.ts';
import { rocAuc } from '../../ai/metrics/rocAuc.ts';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';

/** Discrimination and calibration of probabilities on held-out rows, with a bootstrap 95% interval for the AUC. */
export type RiskMetrics = {
  readonly auc: number;
  readonly brier: number;
  /** Expected calibration error, 10 equal-width bins. */
  readonly ece: number;
  /** Percentile bootstrap 95% interval of the AUC (resampling test rows). */
  readonly aucCi95: readonly [number, number];
  readonly n: number;
  readonly positives: number;
};

const round = (v: number) => Number(v.toFixed(4));

/** Metrics of `probabilities` against 0/1 `labels`; `resamples` bootstrap draws seeded by `seed`. */
export function riskMetrics(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  seed: number,
  resamples = 1000,
): RiskMetrics {
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const random = new SeededRandom(seed);
  const aucs: number[] = [];
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const k = random.nextInt(n);
      y[i] = labels[k] as number;
      p[i] = probabilities[k] as number;
      pos += y[i] as number;
    }
    // A draw with one class has no AUC; it is skipped, as in scikit-learn-based bootstraps.
    if (pos > 0 && pos < n) aucs.push(rocAuc(y, p));
  }
  aucs.sort((a, b) => a - b);
  const at = (q: number) => aucs[Math.min(aucs.length - 1, Math.floor(q * aucs.length))] ?? Number.NaN;
  return {
    auc: round(rocAuc(labels, probabilities)),
    brier: round(brierScore(labels, probabilities)),
    ece: round(expectedCalibrationError(labels, probabilities)),
    aucCi95: [round(at(0.025)), round(at(0.975))],
    n,
    positives,
  };
}
