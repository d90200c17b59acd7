import { assertSameFeatures, type FeatureMatrix, takeRows } from '../../ai/data/FeatureMatrix.ts';
import { GbdtModel, type GbdtModelJson } from '../../ai/gbdt/GbdtModel.ts';
import { type GbdtParams, trainGbdt } from '../../ai/gbdt/trainGbdt.ts';
import { EcgModelFormatError, EcgSignalError } from '../ecgErrors.ts';
import type { AamiClass } from '../features/aamiClass.ts';
import { BEAT_FEATURE_NAMES } from '../features/beatFeatures.ts';

/** Saved form of an `EcgBeatClassifier`. */
export type EcgBeatClassifierJson = {
  readonly format: 'caduceus.ecg-beat-classifier';
  readonly version: 1;
  readonly featureNames: readonly string[];
  readonly classes: readonly AamiClass[];
  /** One-vs-rest model per class, in `classes` order. */
  readonly models: readonly GbdtModelJson[];
  /** Where the model came from (records, seed, parameters), for the model card and for reproducing it. */
  readonly provenance: Record<string, unknown>;
};

/** GBDT parameters plus how minority classes are repeated in training. */
export type EcgBeatClassifierParams = GbdtParams & {
  balance?: number;
  classWeight?: Partial<Record<AamiClass, number>>;
};

/** The classes the classifier learns; Q (unclassifiable, a handful of beats in MIT-BIH DS1) is not learnable. */
export const LEARNED_CLASSES: readonly AamiClass[] = ['N', 'S', 'V', 'F'];

/**
 * AAMI beat classifier: one histogram GBDT per class (one vs rest) on `beatFeatures`; a beat gets the class whose
 * model gives the highest probability. Class weights are applied by repeating minority-class rows, since ectopic
 * beats are a few percent of all beats.
 */
export class EcgBeatClassifier {
  private constructor(
    private readonly models: readonly GbdtModel[],
    readonly classes: readonly AamiClass[],
    readonly provenance: Record<string, unknown>,
  ) {}

  /**
   * Trains on labelled beats (rows of `features`, one label each); `balance` caps each class's repetition, and
   * `classWeight` multiplies a class's repetition after the cap (missing a ventricular beat costs more than a
   * false one when runs raise alerts).
   */
  static train(
    features: FeatureMatrix,
    labels: readonly AamiClass[],
    params: EcgBeatClassifierParams = {},
    provenance: Record<string, unknown> = {},
  ): EcgBeatClassifier {
    assertSameFeatures(features, BEAT_FEATURE_NAMES);
    if (labels.length !== features.rowCount)
      throw new EcgSignalError('one label per beat is needed', {
        details: [`${labels.length} labels, ${features.rowCount} beats`],
      });
    const { balance = 10, classWeight = {}, ...gbdtParams } = params;
    const counts = new Map<AamiClass, number>();
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    const largest = Math.max(...counts.values());
    const repeat = (label: AamiClass) =>
      Math.max(1, Math.min(balance, Math.round(largest / (counts.get(label) ?? largest) / 4))) *
      Math.max(1, Math.round(classWeight[label] ?? 1));
    const rows: number[] = [];
    labels.forEach((label, row) => {
      for (let k = repeat(label); k > 0; k--) rows.push(row);
    });
    const expanded = takeRows(features, rows);
    const models = LEARNED_CLASSES.map((cls) => {
      const target = Float64Array.from(rows, (row) => (labels[row] === cls ? 1 : 0));
      return trainGbdt({ ...expanded, target }, { objective: 'binary:logistic', ...gbdtParams }).model;
    });
    return new EcgBeatClassifier(models, LEARNED_CLASSES, {
      ...provenance,
      params: { ...gbdtParams, balance, classWeight },
      trainingBeats: Object.fromEntries(counts),
    });
  }

  /** Reads a saved classifier, refusing anything that is not this format and version or lacks a model per class. */
  static fromJson(json: unknown): EcgBeatClassifier {
    const value = json as Partial<EcgBeatClassifierJson> | null;
    if (value?.format !== 'caduceus.ecg-beat-classifier' || value.version !== 1)
      throw new EcgModelFormatError('not a caduceus ECG beat classifier (format or version)');
    if (
      !Array.isArray(value.featureNames) ||
      value.featureNames.join(',') !== BEAT_FEATURE_NAMES.join(',') ||
      !Array.isArray(value.classes) ||
      !Array.isArray(value.models) ||
      value.models.length !== value.classes.length
    )
      throw new EcgModelFormatError('ECG beat classifier does not match this version’s features or classes');
    return new EcgBeatClassifier(
      value.models.map((m) => GbdtModel.fromJson(m)),
      value.classes,
      value.provenance ?? {},
    );
  }

  /** The JSON form `fromJson` reads back. */
  toJson(): EcgBeatClassifierJson {
    return {
      format: 'caduceus.ecg-beat-classifier',
      version: 1,
      featureNames: BEAT_FEATURE_NAMES,
      classes: this.classes,
      models: this.models.map((m) => m.toJson()),
      provenance: this.provenance,
    };
  }

  /** Probability of each class for each beat: `result[c][row]`, classes in `this.classes` order. */
  probabilities(features: FeatureMatrix): Float64Array[] {
    assertSameFeatures(features, BEAT_FEATURE_NAMES);
    return this.models.map((m) => m.predict(features));
  }

  /** The most probable class of each beat. */
  classify(features: FeatureMatrix): AamiClass[] {
    const probabilities = this.probabilities(features);
    return Array.from({ length: features.rowCount }, (_, row) => {
      let best = 0;
      for (let c = 1; c < probabilities.length; c++)
        if (
          ((probabilities[c] as Float64Array)[row] as number) >
          ((probabilities[best] as Float64Array)[row] as number)
        )
          best = c;
      return this.classes[best] as AamiClass;
    });
  }
}
