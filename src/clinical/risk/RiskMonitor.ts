import { expectedCalibrationError } from '../../ai/metrics/expectedCalibrationError.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import { PSI_ALERT_THRESHOLD, populationStabilityIndex } from './populationStabilityIndex.ts';
import type { RiskPredictor } from './RiskPredictor.ts';
import { binShares } from './referenceDistribution.ts';

/** Monitoring settings; defaults in brackets. */
export type RiskMonitorOptions = {
  /** Recent predictions kept per model [500]. */
  window?: number;
  /** Predictions needed before input drift is judged [50]. */
  minSamples?: number;
  /** Predictions with outcomes needed before calibration drift is judged [50]. */
  minOutcomes?: number;
  /** Calibration drift: recent ECE above the model's held-out ECE plus this [0.05]. */
  eceMargin?: number;
  psiThreshold?: number;
  logger?: Logger;
};

/** A model's monitoring state over its recent window. */
export type RiskMonitorStatus = {
  readonly modelId: string;
  readonly predictions: number;
  /** Population stability index per feature against the training distribution (empty below `minSamples`). */
  readonly psi: readonly { feature: string; psi: number }[];
  readonly withOutcomes: number;
  /** ECE over the window's predictions with outcomes; null below `minOutcomes`. */
  readonly ece: number | null;
  /** Alert texts: `input drift: <feature> PSI 0.31 > 0.25`, `calibration drift: ECE 0.18 > 0.09`. */
  readonly alerts: readonly string[];
};

type Entry = { id: string; inputs: Float64Array; probability: number; outcome?: 0 | 1 };

/**
 * Post-deployment monitoring of risk models: keeps each model's recent inputs and predictions, compares the inputs
 * with the training distribution (PSI per feature) and, once outcomes are reported, the calibration (ECE) with the
 * held-out ECE. Crossing a threshold is logged as a warning (once, when the alert set changes) and reported in
 * `status` for the API. Memory only: it watches a running node; nothing here is a record.
 */
export class RiskMonitor {
  readonly #o: Required<Omit<RiskMonitorOptions, 'logger'>>;
  readonly #logger: Logger;
  readonly #windows = new Map<string, Entry[]>();
  readonly #byId = new Map<string, Entry>();
  readonly #lastAlerts = new Map<string, string>();

  constructor(options: RiskMonitorOptions = {}) {
    this.#o = {
      window: options.window ?? 500,
      minSamples: options.minSamples ?? 50,
      minOutcomes: options.minOutcomes ?? 50,
      eceMargin: options.eceMargin ?? 0.05,
      psiThreshold: options.psiThreshold ?? PSI_ALERT_THRESHOLD,
    };
    this.#logger = options.logger ?? silentLogger;
  }

  /** Records one prediction (by its RiskAssessment id) and returns the model's status after it. */
  observe(
    predictor: RiskPredictor,
    predictionId: string,
    inputs: ArrayLike<number | null>,
    probability: number,
  ): RiskMonitorStatus {
    const window = this.#windows.get(predictor.id) ?? [];
    this.#windows.set(predictor.id, window);
    const entry: Entry = {
      id: predictionId,
      inputs: Float64Array.from(inputs, (v) => v ?? Number.NaN),
      probability,
    };
    window.push(entry);
    this.#byId.set(predictionId, entry);
    while (window.length > this.#o.window) {
      const dropped = window.shift();
      if (dropped) this.#byId.delete(dropped.id);
    }
    return this.#checked(predictor);
  }

  /** The observed outcome of a prediction still in a window (false when it has left the window or is unknown). */
  recordOutcome(predictor: RiskPredictor, predictionId: string, outcome: 0 | 1): boolean {
    const entry = this.#byId.get(predictionId);
    if (!entry) return false;
    entry.outcome = outcome;
    this.#checked(predictor);
    return true;
  }

  /** The model's current monitoring state. */
  status(predictor: RiskPredictor): RiskMonitorStatus {
    const window = this.#windows.get(predictor.id) ?? [];
    const { reference, heldOutEce } = predictor.model;
    const alerts: string[] = [];
    const psi =
      window.length < this.#o.minSamples
        ? []
        : reference.map((ref, f) => {
            const column = window.map((e) => e.inputs[f] as number);
            const value = populationStabilityIndex(ref.shares, binShares(ref.cuts, column));
            if (value > this.#o.psiThreshold)
              alerts.push(`input drift: ${ref.feature} PSI ${value.toFixed(3)} > ${this.#o.psiThreshold}`);
            return { feature: ref.feature, psi: value };
          });
    const known = window.filter((e) => e.outcome !== undefined);
    let ece: number | null = null;
    if (known.length >= this.#o.minOutcomes) {
      ece = expectedCalibrationError(
        known.map((e) => e.outcome as number),
        known.map((e) => e.probability),
      );
      const limit = heldOutEce + this.#o.eceMargin;
      if (ece > limit) alerts.push(`calibration drift: ECE ${ece.toFixed(3)} > ${limit.toFixed(3)}`);
    }
    return {
      modelId: predictor.id,
      predictions: window.length,
      psi,
      withOutcomes: known.length,
      ece,
      alerts,
    };
  }

  #checked(predictor: RiskPredictor): RiskMonitorStatus {
    const status = this.status(predictor);
    const key = status.alerts.map((a) => a.replace(/ [\d.]+ >/, ' >')).join('|');
    if (key !== (this.#lastAlerts.get(predictor.id) ?? '')) {
      this.#lastAlerts.set(predictor.id, key);
      if (status.alerts.length > 0)
        this.#logger.warn('risk model monitoring alert', {
          model: predictor.id,
          alerts: status.alerts.join('; '),
        });
      else this.#logger.info('risk model monitoring alert cleared', { model: predictor.id });
    }
    return status;
  }
}
