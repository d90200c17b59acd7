import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EcgBeatClassifierParams } from './classify/EcgBeatClassifier.ts';
import { evaluateInterPatient, type InterPatientEvaluation } from './classify/evaluateInterPatient.ts';
import { type LabelledBeats, labelledBeats } from './classify/labelledBeats.ts';
import { evaluateRPeaks, type RPeakScore } from './detection/evaluateRPeaks.ts';
import { EcgRecordNotFoundError } from './ecgErrors.ts';
import { readWfdbRecord } from './wfdb/readWfdbRecord.ts';

/** R-peak detection and inter-patient beat classification measured on a directory of annotated records. */
export type EcgDatasetEvaluation = {
  readonly records: readonly string[];
  readonly rPeaks: {
    readonly perRecord: readonly RPeakScore[];
    /** Pooled over every reference beat of every record (EC57's gross statistics). */
    readonly gross: {
      readonly sensitivity: number;
      readonly ppv: number;
      readonly referenceBeats: number;
      readonly falseNegatives: number;
      readonly falsePositives: number;
    };
  };
  readonly beats: InterPatientEvaluation;
  /** Every record's labelled beats (to train the final model on all of them). */
  readonly sets: readonly LabelledBeats[];
};

/**
 * Reads every WFDB record of `dir` (sorted by name), scores R-peak detection against the reference beats, and
 * classifies beats inter-patient: records dealt into `folds` by record, each fold by a model trained on the others.
 */
export async function evaluateEcgDataset(
  dir: string,
  params: EcgBeatClassifierParams,
  folds: number,
): Promise<EcgDatasetEvaluation> {
  const records = readdirSync(dir)
    .filter((f) => f.endsWith('.hea'))
    .map((f) => f.slice(0, -4))
    .sort();
  if (records.length < 2)
    throw new EcgRecordNotFoundError('need at least two annotated WFDB records', { details: [dir] });
  const sets: LabelledBeats[] = [];
  const perRecord: RPeakScore[] = [];
  for (const name of records) {
    const record = await readWfdbRecord(join(dir, name));
    const beats = labelledBeats(record);
    sets.push(beats);
    perRecord.push(evaluateRPeaks(record, beats.peaks));
  }
  const total = (key: 'truePositives' | 'falseNegatives' | 'falsePositives' | 'referenceBeats') =>
    perRecord.reduce((sum, s) => sum + s[key], 0);
  const tp = total('truePositives');
  return {
    records,
    rPeaks: {
      perRecord,
      gross: {
        sensitivity: tp / (tp + total('falseNegatives')),
        ppv: tp / (tp + total('falsePositives')),
        referenceBeats: total('referenceBeats'),
        falseNegatives: total('falseNegatives'),
        falsePositives: total('falsePositives'),
      },
    },
    beats: evaluateInterPatient(sets, params, folds),
    sets,
  };
}
