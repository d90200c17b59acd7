/**
 * Trains the clinical-note de-identification tagger (issue 6 §4) and writes data/models/deid-perceptron.json.
 *
 *   npx tsx scripts/train-deid.ts [--seed N] [--epochs N] [--out FILE]
 *
 * The PhysioNet nursing notes are split by patient (DEID_PATIENT_SPLIT); only the training patients are read
 * here. The bias towards PHI (recall over precision) is chosen on a development split of the training patients,
 * then the tagger is retrained on all of them. Deterministic for a given seed.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/fs/writeFileAtomic.ts';
import { detectPhi } from '../src/nlp/deid/detectPhi.ts';
import { evaluateDeid } from '../src/nlp/deid/evaluateDeid.ts';
import { DEID_PATIENT_SPLIT, loadPhysionetDeidCorpus } from '../src/nlp/deid/loadPhysionetDeidCorpus.ts';
import { splitNotesByPatient } from '../src/nlp/deid/splitNotesByPatient.ts';
import { trainDeidTagger } from '../src/nlp/deid/trainDeidTagger.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    epochs: { type: 'string', default: '6' },
    out: { type: 'string', default: join(root, 'data/models/deid-perceptron.json') },
  },
});
const seed = Number(values.seed);
const epochs = Number(values.epochs);
const BIASES = [0, 1, 2.5, 5, 7.5, 10, 15, 20];
/** Development folds inside the training patients (each a different patient split). */
const DEV_FOLDS = 3;

const started = performance.now();
const notes = loadPhysionetDeidCorpus();
const split = splitNotesByPatient(notes, DEID_PATIENT_SPLIT.testFraction, DEID_PATIENT_SPLIT.seed);
const trainPatients = new Set(split.train.map((n) => n.patientId));
console.log(
  `corpus: ${notes.length} notes of ${new Set(notes.map((n) => n.patientId)).size} patients; training on ` +
    `${split.train.length} notes of ${trainPatients.size} patients (${split.test.length} notes of ` +
    `${split.testPatients.length} patients held out, never read here)`,
);

// Development splits inside the training patients choose the PHI bias without touching held-out data.
const devScores = BIASES.map(() => ({ f2: 0, recall: 0, precision: 0 }));
let devNotes = 0;
for (let fold = 0; fold < DEV_FOLDS; fold++) {
  const dev = splitNotesByPatient(split.train, 0.25, seed + fold);
  devNotes += dev.test.length;
  const devTagger = trainDeidTagger(dev.train, { seed, epochs });
  for (const [k, bias] of BIASES.entries()) {
    devTagger.phiBias = bias;
    const { overall } = evaluateDeid(dev.test, (note) => detectPhi(note.text, devTagger));
    const sum = devScores[k] as { f2: number; recall: number; precision: number };
    sum.f2 += overall.f2 / DEV_FOLDS;
    sum.recall += overall.recall / DEV_FOLDS;
    sum.precision += overall.precision / DEV_FOLDS;
  }
}
let bestIndex = 0;
for (const [k, s] of devScores.entries()) {
  console.log(
    `dev bias ${BIASES[k]}: recall ${s.recall.toFixed(4)} precision ${s.precision.toFixed(4)} F2 ${s.f2.toFixed(4)} (mean of ${DEV_FOLDS} folds)`,
  );
  if (s.f2 > (devScores[bestIndex]?.f2 ?? 0) + 1e-9) bestIndex = k;
}
const best = {
  bias: BIASES[bestIndex] as number,
  ...(devScores[bestIndex] as { f2: number; recall: number; precision: number }),
};
console.log(`chosen PHI bias ${best.bias}`);

const tagger = trainDeidTagger(split.train, {
  seed,
  epochs,
  onEpoch: (epoch, accuracy) => console.log(`epoch ${epoch}: training token accuracy ${accuracy.toFixed(5)}`),
});
tagger.phiBias = best.bias;
const json = tagger.toJson({
  corpus: 'PhysioNet deid v1.1 nursing notes (data/deid/physionet-nursing-dev)',
  seed,
  epochs,
  split: DEID_PATIENT_SPLIT,
  trainNotes: split.train.length,
  trainPatients: trainPatients.size,
  heldOutPatients: split.testPatients,
  dev: { folds: DEV_FOLDS, notes: devNotes, ...best },
});
const text = `${JSON.stringify(json)}\n`;
writeFileAtomic(values.out, text);
console.log(
  `wrote ${values.out}: ${Object.keys(json.weights).length} features, ${(text.length / 1e6).toFixed(2)} MB, ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s`,
);
