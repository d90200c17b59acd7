import type { AnalysedBeat, EcgAnalysis } from './analyzeEcg.ts';
import type { EcgRecord } from './EcgRecord.ts';
import { AAMI_CLASSES } from './features/aamiClass.ts';

/**
 * A flat 10 s, 360 Hz record and an analysis whose beats have the given AAMI classes (one letter per beat, 250
 * samples apart): for tests of what is built on an analysis (findings, FHIR, alerts) without running a classifier.
 */
export function syntheticEcgAnalysis(classes: string): { record: EcgRecord; analysis: EcgAnalysis } {
  const fs = 360;
  const beats: AnalysedBeat[] = [...classes].map((c, i) => ({
    sample: 100 + i * 250,
    class: c as AnalysedBeat['class'],
  }));
  const counts = Object.fromEntries(
    AAMI_CLASSES.map((c) => [c, beats.filter((b) => b.class === c).length]),
  ) as EcgAnalysis['counts'];
  return {
    record: { name: 'synthetic', fs, leads: [{ name: 'MLII', millivolts: new Float32Array(fs * 10) }] },
    analysis: {
      record: 'synthetic',
      fs,
      durationSeconds: 10,
      leads: ['MLII'],
      hrv: { beats: beats.length, heartRate: 86, meanRrMs: 694, sdnnMs: 20, rmssdMs: 15, pnn50: 0 },
      counts,
      beats,
    },
  };
}
