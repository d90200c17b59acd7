import type { FeatureMatrix } from '../../ai/data/FeatureMatrix.ts';
import { detectionLeads } from '../detection/detectionLeads.ts';
import { detectRPeaks } from '../detection/detectRPeaks.ts';
import { BEAT_MATCH_WINDOW_SECONDS } from '../detection/evaluateRPeaks.ts';
import { matchBeats } from '../detection/matchBeats.ts';
import type { EcgRecord } from '../EcgRecord.ts';
import { EcgSignalError } from '../ecgErrors.ts';
import { type AamiClass, aamiClassOfSymbol } from '../features/aamiClass.ts';
import { beatFeatures } from '../features/beatFeatures.ts';
import { isMitBeatCode } from '../wfdb/mitAnnotationCodes.ts';

/** A record's detected beats, their features, and the cardiologists' class where a reference beat matches. */
export type LabelledBeats = {
  readonly record: string;
  readonly peaks: Int32Array;
  readonly features: FeatureMatrix;
  /** AAMI class of the reference beat within 150 ms of each detection; `undefined` for a false detection. */
  readonly labels: readonly (AamiClass | undefined)[];
};

/**
 * Runs the real pipeline on an annotated record (detection, then features on the detected peaks) and labels each
 * detection from the reference annotations, so a classifier is trained and scored on what it will see in use.
 */
export function labelledBeats(record: EcgRecord): LabelledBeats {
  if (!record.annotations)
    throw new EcgSignalError('record has no reference annotations to label beats from', {
      details: [record.name],
    });
  const leads = detectionLeads(record);
  const peaks = detectRPeaks(leads, record.fs);
  const reference = record.annotations.filter((a) => isMitBeatCode(a.code));
  const match = matchBeats(
    reference.map((a) => a.sample),
    peaks,
    Math.round(BEAT_MATCH_WINDOW_SECONDS * record.fs),
  );
  const labels: (AamiClass | undefined)[] = new Array(peaks.length).fill(undefined);
  match.matchOf.forEach((detection, r) => {
    if (detection >= 0) labels[detection] = aamiClassOfSymbol((reference[r] as { symbol: string }).symbol);
  });
  return { record: record.name, peaks, features: beatFeatures(leads, record.fs, peaks), labels };
}
