import type { EcgBeatClassifier } from './classify/EcgBeatClassifier.ts';
import { detectionLeads } from './detection/detectionLeads.ts';
import { detectRPeaks } from './detection/detectRPeaks.ts';
import type { EcgRecord } from './EcgRecord.ts';
import { AAMI_CLASSES, type AamiClass } from './features/aamiClass.ts';
import { beatFeatures } from './features/beatFeatures.ts';
import { type HeartRateVariability, heartRateVariability } from './features/heartRateVariability.ts';

/** One analysed beat: where its R peak is and its AAMI class. */
export type AnalysedBeat = { readonly sample: number; readonly class: AamiClass };

/** What `analyzeEcg` reports for a record. */
export type EcgAnalysis = {
  readonly record: string;
  readonly fs: number;
  readonly durationSeconds: number;
  readonly leads: readonly string[];
  /** Heart rate and HRV over NN intervals (both beats classified N). */
  readonly hrv: HeartRateVariability;
  readonly counts: Record<AamiClass, number>;
  readonly beats: readonly AnalysedBeat[];
};

/**
 * The whole ECG pipeline on one record: Pan–Tompkins R peaks on all leads, de Chazal beat features, AAMI classes
 * from the GBDT beat classifier, and heart rate with HRV from the normal-to-normal intervals.
 */
export function analyzeEcg(record: EcgRecord, classifier: EcgBeatClassifier): EcgAnalysis {
  const leads = detectionLeads(record);
  const peaks = detectRPeaks(leads, record.fs);
  const classes = classifier.classify(beatFeatures(leads, record.fs, peaks));
  const counts = Object.fromEntries(AAMI_CLASSES.map((c) => [c, 0])) as Record<AamiClass, number>;
  for (const c of classes) counts[c]++;
  return {
    record: record.name,
    fs: record.fs,
    durationSeconds: (leads[0]?.length ?? 0) / record.fs,
    leads: record.leads.map((l) => l.name),
    hrv: heartRateVariability(
      peaks,
      record.fs,
      classes.map((c) => c === 'N'),
    ),
    counts,
    beats: Array.from(peaks, (sample, i) => ({ sample, class: classes[i] as AamiClass })),
  };
}
