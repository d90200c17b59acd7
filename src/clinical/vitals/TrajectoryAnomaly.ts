import { NUMERIC_VITALS, type NumericVitalParameter } from './vitalCodes.ts';

/** How the per-patient baseline learns: EWMA weight, readings before it scores, and the smallest spread it assumes. */
export type TrajectoryAnomalyOptions = {
  /** Weight of the newest reading in the running mean and variance (default 0.2: about the last 10 readings). */
  alpha?: number;
  /** Readings of a parameter before its deviations are scored (default 5). */
  warmup?: number;
  /** A floor under each parameter's learned standard deviation, so a very steady patient is not alarmed by noise. */
  minSd?: Partial<Record<NumericVitalParameter, number>>;
};

/** How far the newest readings sit from the patient's own learned baseline, per parameter and combined. */
export type TrajectoryAnomalyScore = {
  /** Root mean square of the scored z-scores; 0 when nothing is scored yet. */
  score: number;
  /** Standardised deviation of each scored parameter's latest reading from its baseline before that reading. */
  deviations: Partial<Record<NumericVitalParameter, number>>;
  /** Parameters still warming up. */
  learning: readonly NumericVitalParameter[];
};

// Roughly the measurement noise of each vital sign at the bedside.
const DEFAULT_MIN_SD: Record<NumericVitalParameter, number> = {
  respirationRate: 1.5,
  spo2: 1,
  systolicBp: 6,
  pulse: 4,
  temperature: 0.2,
};

type Baseline = { mean: number; variance: number; count: number; z: number | undefined };

/**
 * A learned anomaly score on one patient's own trajectory: for each vital sign an exponentially weighted mean
 * and variance (West 1979), and for each new reading its z-score against the baseline learned before it. The
 * combined score is the root mean square of the latest z-scores. Simple and honest: it says "unusual for this
 * patient", which NEWS2's population thresholds cannot; it informs the alert, NEWS2 decides escalation.
 */
export class TrajectoryAnomaly {
  readonly #alpha: number;
  readonly #warmup: number;
  readonly #minSd: Record<NumericVitalParameter, number>;
  readonly #baselines = new Map<NumericVitalParameter, Baseline>();

  constructor(options: TrajectoryAnomalyOptions = {}) {
    this.#alpha = options.alpha ?? 0.2;
    this.#warmup = options.warmup ?? 5;
    this.#minSd = { ...DEFAULT_MIN_SD, ...options.minSd };
  }

  /** Scores `value` against the baseline so far, then learns from it. */
  observe(parameter: NumericVitalParameter, value: number): void {
    const b = this.#baselines.get(parameter);
    if (!b) {
      this.#baselines.set(parameter, { mean: value, variance: 0, count: 1, z: undefined });
      return;
    }
    const sd = Math.max(Math.sqrt(b.variance), this.#minSd[parameter]);
    b.z = b.count >= this.#warmup ? (value - b.mean) / sd : undefined;
    const delta = value - b.mean;
    b.mean += this.#alpha * delta;
    b.variance = (1 - this.#alpha) * (b.variance + this.#alpha * delta * delta);
    b.count += 1;
  }

  /** The current score over every parameter with a scored latest reading. */
  score(): TrajectoryAnomalyScore {
    const deviations: Partial<Record<NumericVitalParameter, number>> = {};
    const learning: NumericVitalParameter[] = [];
    let sum = 0;
    let n = 0;
    for (const parameter of NUMERIC_VITALS) {
      const z = this.#baselines.get(parameter)?.z;
      if (z === undefined) {
        learning.push(parameter);
        continue;
      }
      deviations[parameter] = Math.round(z * 100) / 100;
      sum += z * z;
      n += 1;
    }
    return { score: n === 0 ? 0 : Math.round(Math.sqrt(sum / n) * 100) / 100, deviations, learning };
  }
}
