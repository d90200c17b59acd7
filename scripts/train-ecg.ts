/**
 * Trains the AAMI beat classifier reproducibly (fixed seed) and reports how well R peaks are found and beats are
 * classified, inter-patient.
 *
 *   npx tsx scripts/train-ecg.ts [--data DIR] [--out FILE] [--report FILE] [--folds K] [--seed N]
 *
 * DIR holds MIT-BIH records (`.hea`/`.dat`/`.atr`); it defaults to the repository's copy in data/ecg (5 records,
 * enough to run the pipeline end to end). The shipped model was trained on all 22 DS1 records:
 *
 *   npx tsx scripts/train-ecg.ts --data /path/to/mitdb-ds1
 *
 * (PhysioNet's MIT-BIH Arrhythmia Database, records 101 106 108 109 112 114 115 116 118 119 122 124 201 203 205
 * 207 208 209 215 220 223 230.) Evaluation deals the records into K folds by record and classifies each fold
 * with a model trained on the others; the saved model is then trained on every record.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EcgBeatClassifier } from '../src/ecg/classify/EcgBeatClassifier.ts';
import { ECG_TRAINING_SEED, ecgTrainingParams } from '../src/ecg/classify/ecgTrainingParams.ts';
import { DEFAULT_ECG_MODEL_PATH } from '../src/ecg/classify/loadEcgBeatClassifier.ts';
import { mergeBeatSets } from '../src/ecg/classify/mergeBeatSets.ts';
import { evaluateEcgDataset } from '../src/ecg/evaluateEcgDataset.ts';
import { formatEcgEvaluation } from '../src/ecg/formatEcgEvaluation.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../data/ecg') },
    out: { type: 'string', default: DEFAULT_ECG_MODEL_PATH },
    report: { type: 'string' },
    folds: { type: 'string', default: '2' },
    seed: { type: 'string', default: String(ECG_TRAINING_SEED) },
  },
});
const folds = Number(values.folds);
const params = ecgTrainingParams(Number(values.seed));

const evaluation = await evaluateEcgDataset(values.data, params, folds);
console.log(`ECG: ${evaluation.records.length} records from ${values.data}\n`);
for (const line of formatEcgEvaluation(evaluation)) console.log(line);

const all = mergeBeatSets(evaluation.sets);
const classifier = EcgBeatClassifier.train(all.features, all.labels, params, {
  trainedOn: evaluation.records,
  script: 'scripts/train-ecg.ts',
  evaluation: { folds: evaluation.beats.folds, perClass: evaluation.beats.perClass },
});
await mkdir(dirname(values.out), { recursive: true });
await writeFile(values.out, `${JSON.stringify(classifier.toJson())}\n`);
console.log(`\nmodel (trained on all ${evaluation.records.length} records) written to ${values.out}`);
if (values.report) {
  await mkdir(dirname(values.report), { recursive: true });
  const { rPeaks, beats } = evaluation;
  await writeFile(values.report, `${JSON.stringify({ rPeaks, beats }, null, 2)}\n`);
  console.log(`report written to ${values.report}`);
}
