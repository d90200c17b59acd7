/**
 * Evaluates clinical-note de-identification (issue 6 §4) on the held-out patients only and writes the `deid`
 * section of reports/clinical-eval.json (other sections are kept):
 * `{ deid: { overall: { recall, precision, f2 }, types: { <type>: {…} }, goldTypes: {…}, … } }`.
 *
 *   npx tsx scripts/eval-deid.ts [--model FILE] [--report FILE]
 *
 * Character-level scores over non-blank characters; recall of a type counts its gold characters hidden under
 * any predicted span. The model must have been trained without any held-out patient.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CLINICAL_REPORT_PATH, mergeClinicalReport } from '../src/clinical/mergeClinicalReport.ts';
import { DeidTrainingInputError } from '../src/nlp/deid/deidErrors.ts';
import { detectPhi } from '../src/nlp/deid/detectPhi.ts';
import { evaluateDeid } from '../src/nlp/deid/evaluateDeid.ts';
import { DEFAULT_DEID_MODEL_PATH, loadDeidTagger } from '../src/nlp/deid/loadDeidTagger.ts';
import { DEID_PATIENT_SPLIT, loadPhysionetDeidCorpus } from '../src/nlp/deid/loadPhysionetDeidCorpus.ts';
import { splitNotesByPatient } from '../src/nlp/deid/splitNotesByPatient.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: DEFAULT_DEID_MODEL_PATH },
    report: { type: 'string', default: join(root, CLINICAL_REPORT_PATH) },
  },
});

const tagger = await loadDeidTagger(values.model);
const notes = loadPhysionetDeidCorpus();
const split = splitNotesByPatient(notes, DEID_PATIENT_SPLIT.testFraction, DEID_PATIENT_SPLIT.seed);
const heldOut = new Set(split.testPatients);
const declared = tagger.training.heldOutPatients;
if (
  !Array.isArray(declared) ||
  declared.length !== heldOut.size ||
  !declared.every((p) => heldOut.has(String(p)))
)
  throw new DeidTrainingInputError(
    'The model was not trained on this patient split: its held-out patients differ',
    {
      details: ['retrain with: npx tsx scripts/train-deid.ts'],
    },
  );

const started = performance.now();
const evaluation = evaluateDeid(split.test, (note) => detectPhi(note.text, tagger));
const seconds = (performance.now() - started) / 1000;
const rulesOnly = evaluateDeid(split.test, (note) => detectPhi(note.text, undefined));

const row = (name: string, s: { recall: number; precision: number; f2: number; goldChars: number }) =>
  `${name.padEnd(20)} ${s.recall.toFixed(4).padStart(7)} ${s.precision.toFixed(4).padStart(9)} ${s.f2.toFixed(4).padStart(7)} ${String(s.goldChars).padStart(7)}`;
console.log(
  `De-identification, held-out patients: ${split.test.length} notes of ${split.testPatients.length} patients, ` +
    `${split.test.reduce((s, n) => s + n.spans.length, 0)} gold PHI spans (character level, non-blank characters)`,
);
console.log(
  `${'type'.padEnd(20)} ${'recall'.padStart(7)} ${'precision'.padStart(9)} ${'F2'.padStart(7)} ${'chars'.padStart(7)}`,
);
for (const [type, s] of Object.entries(evaluation.types)) console.log(row(type, s));
console.log(row('overall', evaluation.overall));
console.log(row('overall (rules only)', rulesOnly.overall));
console.log('recall by corpus type:');
for (const [type, s] of Object.entries(evaluation.goldTypes))
  console.log(`  ${type.padEnd(18)} ${s.recall.toFixed(4).padStart(7)}  (${s.goldChars} chars)`);
console.log(`${(split.test.length / seconds).toFixed(0)} notes/s`);

const pick = ({ recall, precision, f2, goldChars, predictedChars }: (typeof evaluation)['overall']) => ({
  recall,
  precision,
  f2,
  goldChars,
  predictedChars,
});
mergeClinicalReport(values.report, 'deid', {
  corpus: 'PhysioNet deid v1.1 nursing notes (MIMIC-II), data/deid/physionet-nursing-dev',
  split: {
    ...DEID_PATIENT_SPLIT,
    heldOutNotes: split.test.length,
    heldOutPatients: split.testPatients.length,
  },
  level: 'character (non-blank); type recall counts gold characters hidden under any predicted span',
  overall: pick(evaluation.overall),
  types: Object.fromEntries(Object.entries(evaluation.types).map(([t, s]) => [t, pick(s)])),
  goldTypes: evaluation.goldTypes,
  rulesOnly: pick(rulesOnly.overall),
  target: { recall: 0.95 },
});
console.log(`wrote the deid section of ${values.report}`);
