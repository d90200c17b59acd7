import type { AamiClass } from '../features/aamiClass.ts';
import { EcgBeatClassifier, type EcgBeatClassifierParams } from './EcgBeatClassifier.ts';
import type { LabelledBeats } from './labelledBeats.ts';
import { mergeBeatSets } from './mergeBeatSets.ts';
import { scoreBeatClasses } from './scoreBeatClasses.ts';

/** Out-of-fold beat classification over records split into folds by record. */
export type InterPatientEvaluation = ReturnType<typeof scoreBeatClasses> & {
  /** Records of each fold: a fold's records are classified by a model trained on the other folds only. */
  readonly folds: readonly (readonly string[])[];
};

/**
 * Inter-patient evaluation: records are dealt into `folds` groups in the order given (record i goes to fold
 * i mod folds); each fold is classified by a classifier trained on the others, so no beat of a record is ever on
 * both sides. Scores pool every fold's beats.
 */
export function evaluateInterPatient(
  records: readonly LabelledBeats[],
  params: EcgBeatClassifierParams,
  folds = 2,
): InterPatientEvaluation {
  const truth: AamiClass[] = [];
  const predicted: AamiClass[] = [];
  const groups: string[][] = [];
  for (let fold = 0; fold < folds; fold++) {
    const test = records.filter((_, i) => i % folds === fold);
    const train = mergeBeatSets(records.filter((_, i) => i % folds !== fold));
    const scored = mergeBeatSets(test);
    groups.push(test.map((r) => r.record));
    if (scored.labels.length === 0) continue;
    const classifier = EcgBeatClassifier.train(train.features, train.labels, params);
    truth.push(...scored.labels);
    predicted.push(...classifier.classify(scored.features));
  }
  return { ...scoreBeatClasses(truth, predicted), folds: groups };
}
