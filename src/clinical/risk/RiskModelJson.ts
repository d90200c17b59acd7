import type { GbdtModelJson } from '../../ai/gbdt/GbdtModel.ts';
import { RiskModelFormatError } from '../clinicalErrors.ts';
import type { RiskFeature } from './RiskFeature.ts';
import type { ReferenceDistribution } from './referenceDistribution.ts';

/** A linear model in the features' own units: margin = intercept + Σ w·(x, or the training mean when missing). */
export type LinearRiskModelJson = {
  readonly intercept: number;
  readonly weights: readonly number[];
  readonly means: readonly number[];
};

/** Probability bands for RiskAssessment.prediction.qualitativeRisk (risk-probability codes). */
export type RiskBands = { readonly moderate: number; readonly high: number };

/**
 * A deployed clinical risk model as one JSON document: the learned model (GBDT or linear), its Platt calibration,
 * the features in clinical words, the training distribution (for drift) and the held-out calibration error (for
 * calibration drift). Its SHA-256 over the canonical form is the model hash every prediction carries.
 */
export type RiskModelJson = {
  readonly format: 'caduceus-risk-model';
  readonly version: 1;
  /** `risk-<dataset>-<algorithm>`. */
  readonly id: string;
  readonly modelVersion: string;
  readonly dataset: string;
  readonly outcome: string;
  readonly algorithm: 'gbdt' | 'logistic';
  /** The seed of every random choice in training (splits, subsampling), for reproduction. */
  readonly seed: number;
  readonly features: readonly RiskFeature[];
  readonly gbdt?: GbdtModelJson;
  readonly linear?: LinearRiskModelJson;
  /** p = sigmoid(a · margin + b), fitted on a calibration split the model never trained on. */
  readonly calibration: { readonly method: 'platt'; readonly a: number; readonly b: number };
  readonly bands: RiskBands;
  readonly reference: readonly ReferenceDistribution[];
  /** Expected calibration error on the held-out test split (the baseline for calibration drift). */
  readonly heldOutEce: number;
};

const isNumberArray = (v: unknown, length: number): boolean =>
  Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Checks that a parsed JSON document is a usable risk model (the GBDT part is checked when it is loaded). */
export function parseRiskModelJson(json: unknown): RiskModelJson {
  const j = json as Partial<RiskModelJson> | null;
  const fail = (why: string) => new RiskModelFormatError(`Not a usable Caduceus risk model: ${why}`);
  if (typeof j !== 'object' || j === null || j.format !== 'caduceus-risk-model')
    throw fail('format must be "caduceus-risk-model"');
  if (j.version !== 1) throw fail(`unsupported version ${String(j.version)}`);
  if (typeof j.id !== 'string' || typeof j.modelVersion !== 'string')
    throw fail('id and modelVersion are required');
  if (
    !Array.isArray(j.features) ||
    j.features.some((f) => typeof f?.name !== 'string' || typeof f.label !== 'string')
  )
    throw fail('features must name and label every input');
  const n = j.features.length;
  if (j.algorithm === 'gbdt') {
    const names = j.gbdt?.featureNames;
    if (
      !Array.isArray(names) ||
      names.length !== n ||
      names.some((name, i) => name !== j.features?.[i]?.name)
    )
      throw fail('the GBDT features must be the model features in order');
  } else if (j.algorithm === 'logistic') {
    const l = j.linear;
    if (!l || typeof l.intercept !== 'number' || !isNumberArray(l.weights, n) || !isNumberArray(l.means, n))
      throw fail('a logistic model needs an intercept and one weight and mean per feature');
  } else throw fail(`unknown algorithm ${String(j.algorithm)}`);
  const c = j.calibration;
  if (c?.method !== 'platt' || !Number.isFinite(c.a) || !Number.isFinite(c.b))
    throw fail('calibration must be Platt (a, b)');
  if (!(j.bands && j.bands.moderate > 0 && j.bands.high > j.bands.moderate && j.bands.high < 1))
    throw fail('bands need 0 < moderate < high < 1');
  if (!Number.isInteger(j.seed)) throw fail('seed must be an integer');
  if (!Array.isArray(j.reference) || j.reference.length !== n)
    throw fail('one reference distribution per feature');
  return j as RiskModelJson;
}
