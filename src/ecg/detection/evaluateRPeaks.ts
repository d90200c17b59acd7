import type { EcgRecord } from '../EcgRecord.ts';
import { EcgSignalError } from '../ecgErrors.ts';
import { isMitBeatCode, MIT_VF_OFF, MIT_VF_ON } from '../wfdb/mitAnnotationCodes.ts';
import { detectionLeads } from './detectionLeads.ts';
import { detectRPeaks } from './detectRPeaks.ts';
import { matchBeats } from './matchBeats.ts';

/** R-peak detection scored on one annotated record. */
export type RPeakScore = {
  readonly record: string;
  readonly referenceBeats: number;
  readonly truePositives: number;
  readonly falseNegatives: number;
  readonly falsePositives: number;
  readonly sensitivity: number;
  readonly ppv: number;
};

/** EC57's matching window: a detection within 150 ms of an annotated beat counts as that beat. */
export const BEAT_MATCH_WINDOW_SECONDS = 0.15;

/** Beat samples of an annotated record, and the ventricular-flutter spans (`[` … `]`) EC57 leaves out of QRS scoring. */
export function referenceBeats(record: EcgRecord): { beats: Int32Array; excluded: Array<[number, number]> } {
  const annotations = record.annotations;
  if (!annotations)
    throw new EcgSignalError('record has no reference annotations', { details: [record.name] });
  const excluded: Array<[number, number]> = [];
  let vfStart: number | undefined;
  for (const a of annotations) {
    if (a.code === MIT_VF_ON) vfStart = a.sample;
    else if (a.code === MIT_VF_OFF && vfStart !== undefined) {
      excluded.push([vfStart, a.sample]);
      vfStart = undefined;
    }
  }
  if (vfStart !== undefined) excluded.push([vfStart, Number.POSITIVE_INFINITY]);
  const beats = Int32Array.from(annotations.filter((a) => isMitBeatCode(a.code)).map((a) => a.sample));
  return { beats, excluded };
}

/**
 * Runs `detectRPeaks` on a record's primary lead (MLII where it has one) and scores it against the reference beats with the 150 ms window;
 * detections inside ventricular-flutter episodes are not counted (EC57 §4.2: no beats are annotated there).
 */
export function evaluateRPeaks(record: EcgRecord, detected?: Int32Array): RPeakScore {
  const { beats, excluded } = referenceBeats(record);
  const peaks = detected ?? detectRPeaks(detectionLeads(record), record.fs);
  const inExcluded = (s: number) => excluded.some(([from, to]) => s >= from && s <= to);
  const scored = peaks.filter((s) => !inExcluded(s));
  const match = matchBeats(beats, scored, Math.round(BEAT_MATCH_WINDOW_SECONDS * record.fs));
  return {
    record: record.name,
    referenceBeats: beats.length,
    truePositives: match.truePositives,
    falseNegatives: match.falseNegatives,
    falsePositives: match.falsePositives,
    sensitivity: match.sensitivity,
    ppv: match.ppv,
  };
}
