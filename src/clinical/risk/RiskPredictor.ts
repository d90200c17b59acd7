import { assertSameFeatures, type FeatureMatrix, featureRow } from '../../ai/data/FeatureMatrix.ts';
import { GbdtModel } from '../../ai/gbdt/GbdtModel.ts';
import { sigmoid } from '../../ai/math/logistic.ts';
import { FastTreeShap } from '../../ai/shap/FastTreeShap.ts';
import { RiskInputError } from '../clinicalErrors.ts';
import type { ReasoningStep } from '../rules/ReasoningStep.ts';
import { treePathRules } from '../rules/treePathRules.ts';
import { explainContribution, type RiskContribution } from './explainContribution.ts';
import { probabilityContributions } from './probabilityContributions.ts';
import { parseRiskModelJson, type RiskModelJson } from './RiskModelJson.ts';
import { riskInputHash, riskModelHash } from './riskHashes.ts';

/** R4 `risk-probability` codes used for qualitative risk. */
export type QualitativeRisk = 'low' | 'moderate' | 'high';

/** One explained prediction: what was predicted, from which model and inputs, and why. */
export type RiskPrediction = {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly modelHash: string;
  readonly inputHash: string;
  readonly seed: number;
  readonly features: readonly string[];
  /** The inputs, null where missing. */
  readonly inputs: readonly (number | null)[];
  /** Calibrated probability of the outcome. */
  readonly probability: number;
  readonly qualitativeRisk: QualitativeRisk;
  /** Calibrated log-odds of the average training patient, where the contributions start from. */
  readonly baseLogOdds: number;
  /** Every feature's contribution, largest first by absolute log-odds. */
  readonly contributions: readonly RiskContribution[];
  /** The if-then chain: rules from the trees (GBDT) or the linear terms, then calibration and banding. */
  readonly reasoning: readonly ReasoningStep[];
};

type Scorer = {
  /** Uncalibrated margin and its exact additive contributions (which sum with `expected` to the margin). */
  explain(row: Float64Array): { margin: number; expected: number; phi: Float64Array };
  margins(matrix: FeatureMatrix): Float64Array;
  reasoning(row: Float64Array): ReasoningStep[];
};

/**
 * A loaded risk model: calibrated probability, exact explanation (TreeSHAP for GBDT, w·(x − mean) for logistic) and
 * reasoning chain for a feature vector. Deterministic: the same model and inputs give bit-identical output, which is
 * what `recomputeRiskAssessment` relies on.
 */
export class RiskPredictor {
  readonly model: RiskModelJson;
  /** SHA-256 of the model's canonical JSON. */
  readonly hash: string;
  readonly #scorer: Scorer;

  private constructor(model: RiskModelJson) {
    this.model = model;
    this.hash = riskModelHash(model);
    this.#scorer = model.algorithm === 'gbdt' ? gbdtScorer(model) : linearScorer(model);
  }

  /** Validates and loads a model document. */
  static fromJson(json: unknown): RiskPredictor {
    return new RiskPredictor(parseRiskModelJson(json));
  }

  get id(): string {
    return this.model.id;
  }

  get featureNames(): string[] {
    return this.model.features.map((f) => f.name);
  }

  /** Uncalibrated margins (log-odds) of many rows, in the model's feature order. */
  margins(matrix: FeatureMatrix): Float64Array {
    assertSameFeatures(matrix, this.featureNames);
    return this.#scorer.margins(matrix);
  }

  /** Calibrated probabilities of many rows, for evaluation and monitoring. */
  probabilities(matrix: FeatureMatrix): Float64Array {
    const { a, b } = this.model.calibration;
    return this.margins(matrix).map((m) => sigmoid(a * m + b));
  }

  /** One explained prediction; `inputs` in feature order, NaN (or null) for missing values. */
  predict(inputs: ArrayLike<number | null>): RiskPrediction {
    const { features, calibration, bands } = this.model;
    if (inputs.length !== features.length)
      throw new RiskInputError(
        `Model ${this.model.id} takes ${features.length} inputs, got ${inputs.length}`,
      );
    const row = Float64Array.from({ length: features.length }, (_, i) => {
      const v = inputs[i];
      if (v !== null && v !== undefined && typeof v !== 'number')
        throw new RiskInputError(`Input ${features[i]?.name} is not a number`);
      return v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
    });
    const { margin, expected, phi } = this.#scorer.explain(row);
    const logOdds = calibration.a * margin + calibration.b;
    const baseLogOdds = calibration.a * expected + calibration.b;
    const scaled = phi.map((v) => calibration.a * v);
    const shares = probabilityContributions(baseLogOdds, scaled);
    const probability = sigmoid(logOdds);
    const qualitativeRisk: QualitativeRisk =
      probability >= bands.high ? 'high' : probability >= bands.moderate ? 'moderate' : 'low';
    const contributions = features
      .map((feature, i) => {
        const value = Number.isNaN(row[i] as number) ? null : (row[i] as number);
        const probabilityShare = shares[i] as number;
        return {
          feature: feature.name,
          value,
          logOdds: scaled[i] as number,
          probability: probabilityShare,
          text: explainContribution(feature, value, probabilityShare),
        };
      })
      .sort((x, y) => Math.abs(y.logOdds) - Math.abs(x.logOdds) || (x.feature < y.feature ? -1 : 1));
    const reasoning: ReasoningStep[] = [
      ...this.#scorer.reasoning(row),
      {
        rule: 'calibration.platt',
        text: `IF model log-odds = ${margin.toFixed(3)} THEN calibrated probability = σ(${calibration.a.toFixed(3)} × ${margin.toFixed(3)} + ${calibration.b.toFixed(3)}) = ${probability.toFixed(3)}`,
        inputs: { margin },
        conclusion: `probability ${probability.toFixed(3)}`,
      },
      {
        rule: `band.${qualitativeRisk}`,
        text: `IF probability ${qualitativeRisk === 'high' ? `≥ ${bands.high}` : qualitativeRisk === 'moderate' ? `≥ ${bands.moderate} and < ${bands.high}` : `< ${bands.moderate}`} THEN ${qualitativeRisk} risk`,
        inputs: { probability },
        conclusion: `${qualitativeRisk} risk of ${this.model.outcome}`,
      },
    ];
    return {
      modelId: this.model.id,
      modelVersion: this.model.modelVersion,
      modelHash: this.hash,
      inputHash: riskInputHash(this.featureNames, row),
      seed: this.model.seed,
      features: this.featureNames,
      inputs: Array.from(row, (v) => (Number.isNaN(v) ? null : v)),
      probability,
      qualitativeRisk,
      baseLogOdds,
      contributions,
      reasoning,
    };
  }
}

function gbdtScorer(model: RiskModelJson): Scorer {
  const gbdt = GbdtModel.fromJson(model.gbdt);
  const shap = new FastTreeShap(gbdt);
  const names = gbdt.featureNames;
  return {
    explain(row) {
      const matrix = { rowCount: 1, featureNames: names, values: row };
      const explanation = shap.explain(matrix);
      // The margin from the trees themselves, so a single prediction equals the evaluated batch scores bit for bit.
      const margin = gbdt.predictMargin(matrix)[0] as number;
      return { margin, expected: explanation.expectedValue, phi: explanation.values };
    },
    margins: (matrix) => gbdt.predictMargin(matrix),
    reasoning: (row) => treePathRules(gbdt, model.features, row, 3),
  };
}

function linearScorer(model: RiskModelJson): Scorer {
  const linear = model.linear;
  if (!linear) throw new RiskInputError(`Model ${model.id} has no linear part`);
  const { intercept, weights, means } = linear;
  const p = weights.length;
  let expected = intercept;
  for (let f = 0; f < p; f++) expected += (weights[f] as number) * (means[f] as number);
  const phiOf = (row: ArrayLike<number>, offset: number) =>
    Float64Array.from({ length: p }, (_, f) => {
      const x = row[offset + f] as number;
      return Number.isNaN(x) ? 0 : (weights[f] as number) * (x - (means[f] as number));
    });
  return {
    explain(row) {
      const phi = phiOf(row, 0);
      return { margin: phi.reduce((s, v) => s + v, expected), expected, phi };
    },
    margins: (matrix) =>
      Float64Array.from({ length: matrix.rowCount }, (_, r) =>
        phiOf(featureRow(matrix, r), 0).reduce((s, v) => s + v, expected),
      ),
    reasoning(row) {
      const phi = phiOf(row, 0);
      const order = Array.from({ length: p }, (_, f) => f).sort(
        (x, y) => Math.abs(phi[y] as number) - Math.abs(phi[x] as number) || x - y,
      );
      return order.slice(0, 3).map((f) => {
        const feature = model.features[f];
        const x = row[f] as number;
        const w = weights[f] as number;
        const term = phi[f] as number;
        const unit = feature?.unit ? ` ${feature.unit}` : '';
        return {
          rule: `linear.${feature?.name}`,
          text: Number.isNaN(x)
            ? `IF ${feature?.label} not recorded THEN it counts at the training mean (+0 log-odds)`
            : `IF ${feature?.label} = ${x}${unit} (training mean ${(means[f] as number).toFixed(2)}) THEN ${w.toPrecision(3)} × ${(x - (means[f] as number)).toFixed(2)} = ${term >= 0 ? '+' : '−'}${Math.abs(term).toFixed(3)} log-odds`,
          inputs: { [feature?.name ?? String(f)]: Number.isNaN(x) ? null : x },
          conclusion: `${term >= 0 ? 'raises' : 'lowers'} the risk`,
          points: term,
        };
      });
    },
  };
}
