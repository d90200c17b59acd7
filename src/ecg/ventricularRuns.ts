import type { AnalysedBeat } from './analyzeEcg.ts';

/** A run of consecutive ventricular (AAMI V) beats: its first and last R peak, and how many beats it spans. */
export type VentricularRun = {
  readonly startSample: number;
  readonly endSample: number;
  readonly beats: number;
};

/**
 * Runs of at least `minBeats` consecutive V beats (3 or more is non-sustained ventricular tachycardia when the rate is
 * above 100/min, the finding that warrants an alert); beats are in R-peak order, as `analyzeEcg` returns them.
 */
export function ventricularRuns(beats: readonly AnalysedBeat[], minBeats = 3): VentricularRun[] {
  if (!Number.isInteger(minBeats) || minBeats < 2)
    throw new RangeError('minBeats must be an integer of 2 or more');
  const runs: VentricularRun[] = [];
  let start = -1;
  const close = (end: number) => {
    const length = end - start;
    const first = beats[start];
    const last = beats[end - 1];
    if (length >= minBeats && first && last)
      runs.push({ startSample: first.sample, endSample: last.sample, beats: length });
    start = -1;
  };
  beats.forEach((beat, i) => {
    if (beat.class === 'V') {
      if (start < 0) start = i;
    } else if (start >= 0) close(i);
  });
  if (start >= 0) close(beats.length);
  return runs;
}
