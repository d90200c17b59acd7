/**
 * Trains the AAMI beat classifier reproducibly (fixed seed) and reports how well R peaks are found and beats are
 * classified, inter-patient.
 *
 *   npx tsx scripts/train-ecg.ts [--data DIR] [--out FILE] [--report FILE] [--folds K] [--seed N]
 *
 * DIR holds MIT-BIH records (`.hea`/`.dat`/`.atr`); it defaults to the repository's copy in data/ecg (4 records,
 * enough to run the pipeline end to end). The shipped model was trained on all 22 DS1 records:
 *
 *   npx tsx scripts/train-ecg.ts --data /path/to/mitdb-ds1
 *
 * (PhysioNet's MIT-BIH Arrhythmia Database, records 101 106 108 109 112 114 115 116 118 119 122 124 201 203 205
 * 207 208 209 215 220 223 230.) Evaluation deals the records into K folds by record and classifies each fold
 * with a model trained on the others; the saved model is then trained on every record.
 */
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EcgBeatClassifier } from '../src/ecg/classify/EcgBeatClassifier.ts';
import { evaluateInterPatient } from '../src/ecg/classify/evaluateInterPatient.ts';
import { type LabelledBeats, labelledBeats } from '../src/ecg/classify/labelledBeats.ts';
import { DEFAULT_ECG_MODEL_PATH } from '../src/ecg/classify/loadEcgBeatClassifier.ts';
import { mergeBeatSets } from '../src/ecg/classify/mergeBeatSets.ts';
import { evaluateRPeaks, type RPeakScore } from '../src/ecg/detection/evaluateRPeaks.ts';
import { AAMI_CLASSES } from '../src/ecg/features/aamiClass.ts';
import { readWfdbRecord } from '../src/ecg/wfdb/readWfdbRecord.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../data/ecg') },
    out: { type: 'string', default: DEFAULT_ECG_MODEL_PATH },
    report: { type: 'string' },
    folds: { type: 'string', default: '2' },
    seed: { type: 'string', default: '20040701' },
  },
});
const dataDir = values.data;
const seed = Number(values.seed);
const folds = Number(values.folds);
/** Chosen on DS1 by inter-patient cross-validation (see src/ecg/README.md). */
const params = {
  rounds: 100,
  maxDepth: 4,
  learningRate: 0.1,
  subsample: 0.8,
  colsampleByTree: 0.8,
  balance: 10,
  seed,
};

const names = readdirSync(dataDir)
  .filter((f) => f.endsWith('.hea'))
  .map((f) => f.slice(0, -4))
  .sort();
if (names.length < 2) throw new Error(`need at least two WFDB records in ${dataDir}`);
console.log(`ECG: ${names.length} records from ${dataDir}`);

const sets: LabelledBeats[] = [];
const rPeaks: RPeakScore[] = [];
for (const name of names) {
  const record = await readWfdbRecord(join(dataDir, name));
  const beats = labelledBeats(record);
  sets.push(beats);
  rPeaks.push(evaluateRPeaks(record, beats.peaks));
}
const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(2).padStart(6) : '   n/a');
console.log('\nR-peak detection (150 ms window)\nrecord  beats     FN     FP   Se %  PPV %');
for (const s of rPeaks)
  console.log(
    `${s.record.padEnd(6)} ${String(s.referenceBeats).padStart(6)} ${String(s.falseNegatives).padStart(6)} ${String(s.falsePositives).padStart(6)} ${pct(s.sensitivity)} ${pct(s.ppv)}`,
  );
const sum = (key: 'truePositives' | 'falseNegatives' | 'falsePositives' | 'referenceBeats') =>
  rPeaks.reduce((a, s) => a + s[key], 0);
const tp = sum('truePositives');
const gross = { sensitivity: tp / (tp + sum('falseNegatives')), ppv: tp / (tp + sum('falsePositives')) };
console.log(
  `gross  ${String(sum('referenceBeats')).padStart(6)} ${String(sum('falseNegatives')).padStart(6)} ${String(sum('falsePositives')).padStart(6)} ${pct(gross.sensitivity)} ${pct(gross.ppv)}`,
);

const evaluation = evaluateInterPatient(sets, params, folds);
console.log(
  `\nBeat classification, inter-patient (${folds} folds by record)\nclass  beats  predicted   Se %  PPV %`,
);
for (const c of AAMI_CLASSES) {
  const s = evaluation.perClass[c];
  if (s.beats === 0 && s.predicted === 0) continue;
  console.log(
    `${c.padEnd(6)} ${String(s.beats).padStart(5)} ${String(s.predicted).padStart(10)} ${pct(s.sensitivity)} ${pct(s.ppv)}`,
  );
}
console.log(`folds: ${evaluation.folds.map((f) => f.join(' ')).join(' | ')}`);

const all = mergeBeatSets(sets);
const classifier = EcgBeatClassifier.train(all.features, all.labels, params, {
  trainedOn: names,
  script: 'scripts/train-ecg.ts',
  evaluation: { folds: evaluation.folds, perClass: evaluation.perClass },
});
await mkdir(dirname(values.out), { recursive: true });
await writeFile(values.out, `${JSON.stringify(classifier.toJson())}\n`);
console.log(`\nmodel (trained on all ${names.length} records) written to ${values.out}`);
if (values.report) {
  await mkdir(dirname(values.report), { recursive: true });
  await writeFile(
    values.report,
    `${JSON.stringify({ rPeaks: { perRecord: rPeaks, gross }, beats: evaluation }, null, 2)}\n`,
  );
  console.log(`report written to ${values.report}`);
}
