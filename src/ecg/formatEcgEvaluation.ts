import type { EcgDatasetEvaluation } from './evaluateEcgDataset.ts';
import { AAMI_CLASSES } from './features/aamiClass.ts';

const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(2).padStart(6) : '   n/a');

/** The evaluation as the scripts print it: R peaks per record and gross, then per-class beat scores and folds. */
export function formatEcgEvaluation(evaluation: EcgDatasetEvaluation): string[] {
  const lines = ['R-peak detection (150 ms window)', 'record  beats     FN     FP   Se %  PPV %'];
  for (const s of evaluation.rPeaks.perRecord)
    lines.push(
      `${s.record.padEnd(6)} ${String(s.referenceBeats).padStart(6)} ${String(s.falseNegatives).padStart(6)} ${String(s.falsePositives).padStart(6)} ${pct(s.sensitivity)} ${pct(s.ppv)}`,
    );
  const { gross } = evaluation.rPeaks;
  lines.push(
    `gross  ${String(gross.referenceBeats).padStart(6)} ${String(gross.falseNegatives).padStart(6)} ${String(gross.falsePositives).padStart(6)} ${pct(gross.sensitivity)} ${pct(gross.ppv)}`,
  );
  const { beats } = evaluation;
  lines.push(
    '',
    `Beat classification, inter-patient (${beats.folds.length} folds by record)`,
    'class  beats  predicted   Se %  PPV %',
  );
  for (const c of AAMI_CLASSES) {
    const s = beats.perClass[c];
    if (s.beats === 0 && s.predicted === 0) continue;
    lines.push(
      `${c.padEnd(6)} ${String(s.beats).padStart(5)} ${String(s.predicted).padStart(10)} ${pct(s.sensitivity)} ${pct(s.ppv)}`,
    );
  }
  lines.push(
    `folds (each tested by a model trained on the others): ${beats.folds.map((f) => f.join(' ')).join(' | ')}`,
  );
  return lines;
}
