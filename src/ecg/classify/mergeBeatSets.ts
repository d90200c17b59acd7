import type { FeatureMatrix } from '../../ai/data/FeatureMatrix.ts';
import type { AamiClass } from '../features/aamiClass.ts';
import type { LabelledBeats } from './labelledBeats.ts';

/**
 * Stacks the labelled beats of several records into one matrix, leaving out false detections and Q beats (too few
 * to learn or score): the training or test set of an inter-patient split, where each record sits on one side only.
 */
export function mergeBeatSets(sets: readonly LabelledBeats[]): {
  features: FeatureMatrix;
  labels: AamiClass[];
} {
  const kept: Array<{ set: LabelledBeats; row: number }> = [];
  for (const set of sets)
    set.labels.forEach((label, row) => {
      if (label !== undefined && label !== 'Q') kept.push({ set, row });
    });
  const featureNames = sets[0]?.features.featureNames ?? [];
  const n = kept.length;
  const values = new Float64Array(n * featureNames.length);
  for (let f = 0; f < featureNames.length; f++)
    kept.forEach(({ set, row }, i) => {
      values[f * n + i] = set.features.values[f * set.features.rowCount + row] as number;
    });
  return {
    features: { rowCount: n, featureNames, values },
    labels: kept.map(({ set, row }) => set.labels[row] as AamiClass),
  };
}
