/**
 * Evaluates ECG analysis (issue 6 §3) and writes the `ecg` section of reports/clinical-eval.json (other sections
 * are kept): R-peak sensitivity and positive predictivity per record and gross (EC57, 150 ms window), and per-class
 * beat sensitivity and positive predictivity **inter-patient** — records dealt into folds by record, each fold
 * classified by a model trained on the other folds only, so no record has beats on both sides.
 *
 *   npx tsx scripts/eval-ecg.ts [--data DIR] [--folds K] [--seed N] [--report FILE]
 *
 * By default it runs on MIT-BIH DS1 (22 records) from the development data beside the repository
 * (`../shared/data/ecg/mitdb-ds1`), the figures recorded in src/ecg/README.md; where that directory is absent it
 * falls back to the 5 records the repository ships (data/ecg: fast, small-sample figures, too few patients to learn
 * from) and says so.
 * Training uses the shipped model's recipe (`ecgTrainingParams`).
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CLINICAL_REPORT_PATH, mergeClinicalReport } from '../src/clinical/mergeClinicalReport.ts';
import { ECG_TRAINING_SEED, ecgTrainingParams } from '../src/ecg/classify/ecgTrainingParams.ts';
import { evaluateEcgDataset } from '../src/ecg/evaluateEcgDataset.ts';
import { formatEcgEvaluation } from '../src/ecg/formatEcgEvaluation.ts';

const root = resolve(import.meta.dirname, '..');
const ds1 = resolve(root, '../shared/data/ecg/mitdb-ds1');
const defaultData = existsSync(ds1) ? ds1 : join(root, 'data/ecg');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: defaultData },
    folds: { type: 'string', default: '2' },
    seed: { type: 'string', default: String(ECG_TRAINING_SEED) },
    report: { type: 'string', default: join(root, CLINICAL_REPORT_PATH) },
  },
});
const folds = Number(values.folds);
const seed = Number(values.seed);
const params = ecgTrainingParams(seed);

const started = performance.now();
const evaluation = await evaluateEcgDataset(values.data, params, folds);
const seconds = (performance.now() - started) / 1000;
console.log(`ECG: ${evaluation.records.length} records from ${relative(root, values.data) || '.'}\n`);
if (evaluation.records.length < 10)
  console.log('note: fewer than 10 records, figures are small-sample; DS1 gives the reference figures\n');
for (const line of formatEcgEvaluation(evaluation)) console.log(line);
const v = evaluation.beats.perClass.V;
console.log(
  `\ntargets: R-peak Se/PPV >= 0.99 (${evaluation.rPeaks.gross.sensitivity.toFixed(4)} / ${evaluation.rPeaks.gross.ppv.toFixed(4)}); V Se >= 0.90 inter-patient (${v.sensitivity.toFixed(4)}, PPV ${v.ppv.toFixed(4)})`,
);

const { beats } = evaluation;
mergeClinicalReport(values.report, 'ecg', {
  data: relative(root, resolve(values.data)),
  records: evaluation.records,
  rPeaks: evaluation.rPeaks,
  beats: {
    method: `inter-patient, ${folds} folds by record: each fold classified by a model trained on the other folds`,
    folds: beats.folds.map((test) => ({
      test,
      train: evaluation.records.filter((r) => !test.includes(r)),
    })),
    perClass: beats.perClass,
    confusion: beats.confusion,
    accuracy: beats.accuracy,
  },
  training: { ...params, script: 'scripts/train-ecg.ts' },
  seconds: Number(seconds.toFixed(1)),
});
console.log(`\nwritten: ${relative(root, values.report)} (section ecg)`);
