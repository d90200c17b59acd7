import type { Hex } from 'viem';
import { IsolationForest, type IsolationForestJson } from '../../ai/anomaly/IsolationForest.ts';
import type { FeatureMatrix } from '../../ai/data/FeatureMatrix.ts';
import { GbdtModel, type GbdtModelJson } from '../../ai/gbdt/GbdtModel.ts';
import { sigmoid } from '../../ai/math/logistic.ts';
import { FastTreeShap } from '../../ai/shap/FastTreeShap.ts';
import { topContributions } from '../../ai/shap/TreeShapExplanation.ts';
import { canonicalJson, contentHash } from '../../records/canonicalJson.ts';
import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import { describeSupplyFeature } from './describeSupplyFeature.ts';
import { SupplyDetectorFormatError } from './detectorErrors.ts';
import { SupplyFeatureState } from './SupplyFeatureState.ts';
import type {
  SupplyRiskExplanation,
  SupplyRiskFeature,
  SupplyRiskScore,
  SupplyRiskScorer,
  SupplyScoringContext,
} from './SupplyRiskScorer.ts';
import { SUPPLY_FEATURE_NAMES, type SupplyFeatureName } from './supplyFeatureNames.ts';

/** How the two models' outputs become one score (fitted on validation data, see `trainSupplyDetector`). */
export type SupplyScoreCombination = {
  /** Platt scaling of the GBDT margin: p = sigmoid(a · margin + b). */
  platt: { a: number; b: number };
  /**
   * Isolation-forest score s rescaled to u: 0 up to `forestLow` (a high quantile of normal validation scores), rising
   * linearly to the hold threshold at `forestHigh` (just above the highest normal validation score), then on to 1.
   */
  forestLow: number;
  forestHigh: number;
  /** Combined scores at or over this are held; fitted so at most a set share of normal validation events are. */
  holdThreshold: number;
};

/** Saved form of a trained detector (`data/models/supply-detector.json`). */
export type SupplyDetectorJson = {
  format: 'caduceus-supply-detector';
  version: 1;
  featureNames: string[];
  combination: SupplyScoreCombination;
  gbdt: GbdtModelJson;
  forest: IsolationForestJson;
  /** How it was trained (seeds, months, validation figures), for the model card. */
  training: Record<string, unknown>;
};

/** Scores of a batch of events: the combined score, its two parts, and the raw isolation-forest score. */
export type SupplyScoreParts = {
  score: Float64Array;
  supervised: Float64Array;
  unsupervised: Float64Array;
  isolation: Float64Array;
};

/** Features shown beside each score. */
const TOP_FEATURES = 5;

/**
 * The supply-chain anomaly detector: a GBDT trained on labelled history (Platt-calibrated) for the anomaly kinds seen
 * in training, and an isolation forest trained on normal traffic only for kinds never seen. The score is the larger
 * of the calibrated GBDT probability and the rescaled forest score, which reaches the hold threshold only when an
 * event is more isolated than every normal validation event; so a known kind or a never-seen oddity can each raise a
 * hold alone, and the forest adds no holds on traffic like the validation months. The explanation is the GBDT's exact
 * TreeSHAP values in words.
 */
export class SupplyAnomalyDetector implements SupplyRiskScorer {
  readonly modelHash: Hex;
  readonly holdThreshold: number;
  private readonly shap: FastTreeShap;
  private readonly state = new SupplyFeatureState();

  constructor(
    readonly gbdt: GbdtModel,
    readonly forest: IsolationForest,
    readonly combination: SupplyScoreCombination,
    readonly training: Record<string, unknown> = {},
  ) {
    for (const model of [gbdt, forest])
      if (model.featureNames.join('\n') !== SUPPLY_FEATURE_NAMES.join('\n'))
        throw new SupplyDetectorFormatError('Detector models were trained on other features; retrain them');
    this.holdThreshold = combination.holdThreshold;
    this.shap = new FastTreeShap(gbdt);
    this.modelHash = contentHash(canonicalJson(this.toJson()));
  }

  /** Combined scores of feature rows (from `featurizeCustodyEvents`), for training and evaluation. */
  scoreMatrix(matrix: FeatureMatrix): SupplyScoreParts {
    const margin = this.gbdt.predictMargin(matrix);
    const forest = this.forest.score(matrix);
    const { platt, forestLow, forestHigh, holdThreshold: t } = this.combination;
    const n = matrix.rowCount;
    const out: SupplyScoreParts = {
      score: new Float64Array(n),
      supervised: new Float64Array(n),
      unsupervised: new Float64Array(n),
      isolation: forest,
    };
    for (let r = 0; r < n; r++) {
      const p = sigmoid(platt.a * (margin[r] as number) + platt.b);
      const s = forest[r] as number;
      const u =
        s < forestHigh
          ? (t * Math.max(0, s - forestLow)) / (forestHigh - forestLow)
          : Math.min(1, t + ((1 - t) * (s - forestHigh)) / Math.max(1e-12, 1 - forestHigh));
      out.supervised[r] = p;
      out.unsupervised[r] = u;
      out.score[r] = Math.max(p, u);
    }
    return out;
  }

  score(event: CustodyEvent, context: SupplyScoringContext): SupplyRiskScore {
    const row = this.state.next(event, context);
    const matrix: FeatureMatrix = { rowCount: 1, featureNames: SUPPLY_FEATURE_NAMES, values: row };
    const parts = this.scoreMatrix(matrix);
    const score = parts.score[0] as number;
    const explanation = this.shap.explain(matrix);
    const topFeatures: SupplyRiskFeature[] = topContributions(explanation, 0, TOP_FEATURES).map(
      ({ feature, value: contribution }) => {
        const value = row[SUPPLY_FEATURE_NAMES.indexOf(feature as SupplyFeatureName)] as number;
        return {
          feature,
          value,
          contribution,
          text: describeSupplyFeature(feature as SupplyFeatureName, value, contribution),
        };
      },
    );
    const basisPoints = Math.round(score * 10_000);
    const explained: SupplyRiskExplanation = {
      eventId: event.id,
      modelHash: this.modelHash,
      score,
      basisPoints,
      parts: { supervised: parts.supervised[0] as number, unsupervised: parts.unsupervised[0] as number },
      topFeatures: topFeatures.map((f) => ({ ...f, value: Number.isNaN(f.value) ? null : f.value })),
    };
    return {
      score,
      basisPoints,
      topFeatures,
      explanationHash: contentHash(canonicalJson(explained)),
      explanation: explained,
    };
  }

  observe(event: CustodyEvent, context: SupplyScoringContext): void {
    this.state.observe(event, context);
  }

  /** The saved form; `fromJson` reads it back to a detector that gives identical scores. */
  toJson(): SupplyDetectorJson {
    return {
      format: 'caduceus-supply-detector',
      version: 1,
      featureNames: [...SUPPLY_FEATURE_NAMES],
      combination: structuredClone(this.combination),
      gbdt: this.gbdt.toJson(),
      forest: this.forest.toJson(),
      training: structuredClone(this.training),
    };
  }

  /** Reads a saved detector (with a fresh, empty event history), checking format, version and features. */
  static fromJson(json: unknown): SupplyAnomalyDetector {
    const j = json as Partial<SupplyDetectorJson> | null;
    if (typeof j !== 'object' || j === null || j.format !== 'caduceus-supply-detector' || j.version !== 1)
      throw new SupplyDetectorFormatError('Not a version 1 Caduceus supply detector');
    const c = j.combination;
    if (
      !c ||
      ![c.platt?.a, c.platt?.b, c.forestLow, c.forestHigh, c.holdThreshold].every((x) =>
        Number.isFinite(x),
      ) ||
      !(c.forestHigh > c.forestLow)
    )
      throw new SupplyDetectorFormatError('Supply detector has no valid score combination');
    return new SupplyAnomalyDetector(
      GbdtModel.fromJson(j.gbdt),
      IsolationForest.fromJson(j.forest),
      {
        platt: { a: c.platt.a, b: c.platt.b },
        forestLow: c.forestLow,
        forestHigh: c.forestHigh,
        holdThreshold: c.holdThreshold,
      },
      j.training ?? {},
    );
  }
}
