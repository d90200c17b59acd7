import { EcgSignalError } from '../ecgErrors.ts';
import { butterworthBiquad } from '../signal/butterworthBiquad.ts';
import { filtfilt } from '../signal/filtfilt.ts';

/** The intermediate signals of Pan–Tompkins, kept so the decision stage (and tests) can look at each. */
export type PanTompkinsSignals = {
  /** Band-passed first lead (5–15 Hz, zero phase): where its R peak is located. */
  readonly bandpassed: Float64Array;
  /** Mean over leads of the scaled band-passed magnitude: the "filtered" signal of the paper's dual thresholds. */
  readonly magnitude: Float64Array;
  /** Mean over leads of the scaled five-point derivative's magnitude: QRS slope, for T-wave discrimination. */
  readonly slope: Float64Array;
  /** Mean over leads of the squared derivative averaged over a 150 ms centred window: one hump per QRS. */
  readonly integrated: Float64Array;
};

/**
 * The filter stages of Pan & Tompkins (1985), with cut-offs and window lengths given in Hz and seconds rather
 * than in samples at 200 Hz, so they hold at 360 Hz (MIT-BIH) as at 500 or 1000 Hz (DICOM): band-pass 5–15 Hz,
 * derivative, squaring, 150 ms moving-window integration. Every stage is zero phase, so a hump's peak sits on its
 * QRS. With several leads each is scaled by its typical QRS height and the leads are averaged: a beat that is
 * small in one lead (a wide PVC, an aberrant beat) is usually large in another.
 */
export function panTompkinsSignals(leads: readonly ArrayLike<number>[], fs: number): PanTompkinsSignals {
  if (!(fs >= 50))
    throw new EcgSignalError('sampling rate too low for QRS detection', { details: [`${fs} Hz`] });
  const first = leads[0];
  if (!first) throw new EcgSignalError('no ECG lead to detect QRS complexes in');
  const n = first.length;
  const sections = [
    butterworthBiquad('highpass', 5, fs),
    butterworthBiquad('highpass', 5, fs),
    butterworthBiquad('lowpass', 15, fs),
    butterworthBiquad('lowpass', 15, fs),
  ];
  // Pan–Tompkins' derivative is (2x[n] + x[n-1] - x[n-3] - 2x[n-4]) / 8 at 200 Hz; keep its 5 ms step spacing.
  const step = Math.max(1, Math.round(fs / 200));
  const width = Math.max(1, Math.round(0.15 * fs));
  const half = Math.floor(width / 2);
  const magnitude = new Float64Array(n);
  const slope = new Float64Array(n);
  const integrated = new Float64Array(n);
  const squared = new Float64Array(n);
  let bandpassedFirst: Float64Array | undefined;
  const otherWeight = leads.length > 1 ? SECONDARY_WEIGHT / (leads.length - 1) : 0;
  for (const [index, lead] of leads.entries()) {
    const bandpassed = filtfilt(lead, sections, Math.round(fs));
    bandpassedFirst ??= bandpassed;
    const weight = (index === 0 ? 1 : otherWeight) / (1 + (leads.length > 1 ? SECONDARY_WEIGHT : 0));
    const peak = typicalPeak(bandpassed, Math.round(2 * fs));
    if (peak === 0) continue;
    const scale = peak / weight;
    for (let i = 0; i < n; i++)
      magnitude[i] = (magnitude[i] as number) + Math.abs(bandpassed[i] as number) / scale;
    squared.fill(0);
    for (let i = 2 * step; i < n - 2 * step; i++) {
      const d =
        (2 * (bandpassed[i + 2 * step] as number) +
          (bandpassed[i + step] as number) -
          (bandpassed[i - step] as number) -
          2 * (bandpassed[i - 2 * step] as number)) /
        8;
      slope[i] = (slope[i] as number) + Math.abs(d) / scale;
      squared[i] = (d / peak) ** 2 * weight;
    }
    // Running sum over [i - half, i - half + width): centred, so the hump is not delayed.
    let sum = 0;
    for (let i = -half; i < n; i++) {
      const entering = i - half + width - 1;
      if (entering >= 0 && entering < n) sum += squared[entering] as number;
      const leaving = i - half - 1;
      if (leaving >= 0 && leaving < n) sum -= squared[leaving] as number;
      if (i >= 0) integrated[i] = (integrated[i] as number) + Math.max(0, sum) / width;
    }
  }
  return { bandpassed: bandpassedFirst as Float64Array, magnitude, slope, integrated };
}

/**
 * How much the other leads together count beside the first: enough to carry a beat the first lead barely shows,
 * not so much that noise in one of them makes beats.
 */
const SECONDARY_WEIGHT = 0.3;

/** The median over consecutive windows of each window's largest magnitude: a lead's typical QRS height. */
function typicalPeak(signal: Float64Array, window: number): number {
  const peaks: number[] = [];
  for (let start = 0; start < signal.length; start += window) {
    let peak = 0;
    for (let i = start; i < Math.min(signal.length, start + window); i++)
      peak = Math.max(peak, Math.abs(signal[i] as number));
    peaks.push(peak);
  }
  peaks.sort((a, b) => a - b);
  return peaks[Math.floor(peaks.length / 2)] ?? 0;
}
