import type { RiskFeature } from './RiskFeature.ts';

/** One feature's part in a prediction: its value, and how far it moved the calibrated log-odds and probability. */
export type RiskContribution = {
  readonly feature: string;
  /** The input value, or null when it was missing (the model's missing-value route was taken). */
  readonly value: number | null;
  /** Contribution to the calibrated log-odds (exact TreeSHAP or linear term, times the Platt slope). */
  readonly logOdds: number;
  /** Share of the probability change from the base rate (see `probabilityContributions`). */
  readonly probability: number;
  /** The contribution in clinical words. */
  readonly text: string;
};

const formatValue = (value: number): string => {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(value.toFixed(digits)));
};

/**
 * "plasma glucose (2-h OGTT) 183 mg/dL raised the risk by 0.21": value with unit, direction and probability-scale
 * size (two decimals; smaller than 0.005 reads "changed the risk by less than 0.01").
 */
export function explainContribution(feature: RiskFeature, value: number | null, probability: number): string {
  const shown =
    value === null
      ? `${feature.label} not recorded`
      : `${feature.label} ${formatValue(value)}${feature.unit ? ` ${feature.unit}` : ''}`;
  if (Math.abs(probability) < 0.005) return `${shown} changed the risk by less than 0.01`;
  return `${shown} ${probability > 0 ? 'raised' : 'lowered'} the risk by ${Math.abs(probability).toFixed(2)}`;
}
