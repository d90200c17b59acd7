import type { FeatureMatrix } from '../../ai/data/FeatureMatrix.ts';
import { EcgSignalError } from '../ecgErrors.ts';
import { butterworthBiquad } from '../signal/butterworthBiquad.ts';
import { filtfilt } from '../signal/filtfilt.ts';

/** Offsets (seconds from R) of the QRS morphology samples (de Chazal's 10 QRS samples, on a fixed grid). */
const QRS_OFFSETS = [-0.1, -0.075, -0.05, -0.025, 0, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15];
/** Offsets of the T-wave samples. */
const T_OFFSETS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
/** How many RR intervals either side the local average spans (de Chazal: the beats within ±10). */
const LOCAL_BEATS = 10;
/** How many RR intervals either side the running median spans (about a minute at normal rates). */
const RUNNING_BEATS = 40;

/**
 * Names of the features `beatFeatures` computes, in column order (the classifier checks them). Every one is
 * relative to the patient (a ratio to the record's median or running median, or scaled by its typical QRS
 * height): absolute RR intervals and QRS widths were dropped because they do not transfer between patients
 * (inter-patient V sensitivity on DS1 rose without them; src/ecg/README.md).
 */
export const BEAT_FEATURE_NAMES: readonly string[] = [
  'preRrRatio',
  'postRrRatio',
  'localRrRatio',
  'prePostRatio',
  'preLocalRatio',
  'qrsWidthRatio',
  'rAmplitude',
  'qrsEnergyRatio',
  'templateCorrelation',
  'templateCorrelation2',
  'templateDistance',
  ...QRS_OFFSETS.map((_, i) => `qrs${i}`),
  ...T_OFFSETS.map((_, i) => `t${i}`),
  ...QRS_OFFSETS.map((_, i) => `qrs2_${i}`),
  'runningPreRrRatio',
  'runningPostRrRatio',
  'qrsEnergyRatioNorm',
  'qrsAreaRatio',
  'qrsWidth2Ratio',
  'qrsEnergyRatio2Norm',
  'templateDistance2',
  'qrsAreaRatio2',
];

type LeadView = { clean: Float64Array; bandpassed: Float64Array; scale: number; template: Float64Array };

/** Per-beat measures of one lead, each relative to the record's typical beat on that lead. */
type LeadMeasures = {
  widthRatio: Float64Array;
  energy: Float64Array;
  energyNorm: Float64Array;
  areaRatio: Float64Array;
  correlation: Float64Array;
  distance: Float64Array;
};

/**
 * The de Chazal et al. (2004) feature family for every detected beat, made patient-relative: RR intervals as ratios
 * to the record's median, the local average and a running median (so rate drift over a long record cancels), QRS
 * width, high-frequency (5–15 Hz) energy share and absolute area as ratios to the record's median beat on each of
 * two leads, R amplitude and morphology sampled around R (QRS and T of the first lead, QRS of the second) scaled by
 * the typical QRS height, and correlation with and distance from the record's median beat on both leads. Features
 * must mean the same thing from one patient to the next for inter-patient classification. Second-lead features
 * are missing (`NaN`) when there is one lead only. `leads[0]` is the lead the peaks were located on.
 */
export function beatFeatures(
  leads: readonly ArrayLike<number>[],
  fs: number,
  peaks: Int32Array,
): FeatureMatrix {
  const first = leads[0];
  if (!first) throw new EcgSignalError('no ECG lead to compute beat features from');
  const n = peaks.length;
  const columns = BEAT_FEATURE_NAMES.length;
  const values = new Float64Array(n * columns).fill(Number.NaN);
  const set = (feature: number, row: number, value: number) => {
    values[feature * n + row] = value;
  };
  if (n < 2) return { rowCount: n, featureNames: BEAT_FEATURE_NAMES, values };

  const views = leads.slice(0, 2).map((lead) => leadView(lead, fs, peaks));
  const measures = views.map((view) => leadMeasures(view, fs, peaks));
  const rr = new Float64Array(n + 1);
  for (let i = 1; i < n; i++) rr[i] = ((peaks[i] as number) - (peaks[i - 1] as number)) / fs;
  const averageRr = median(Array.from(rr.subarray(1, n)));
  rr[0] = rr[1] as number;
  rr[n] = rr[n - 1] as number;
  const primary = views[0] as LeadView;
  const m1 = measures[0] as LeadMeasures;
  const second = views[1];
  const m2 = measures[1];
  const of = (m: LeadMeasures | undefined, key: keyof LeadMeasures, b: number) =>
    m ? (m[key][b] as number) : Number.NaN;

  for (let b = 0; b < n; b++) {
    const r = peaks[b] as number;
    const pre = rr[b] as number;
    const post = rr[b + 1] as number;
    let localSum = 0;
    let localCount = 0;
    for (let k = Math.max(1, b - LOCAL_BEATS); k <= Math.min(n - 1, b + LOCAL_BEATS); k++) {
      localSum += rr[k] as number;
      localCount++;
    }
    const local = localSum / localCount;
    const running = median(
      Array.from(rr.subarray(Math.max(1, b - RUNNING_BEATS), Math.min(n, b + RUNNING_BEATS + 1))),
    );
    let f = 0;
    set(f++, b, pre / averageRr);
    set(f++, b, post / averageRr);
    set(f++, b, local / averageRr);
    set(f++, b, pre / post);
    set(f++, b, pre / local);
    set(f++, b, of(m1, 'widthRatio', b));
    set(f++, b, at(primary.clean, r) / primary.scale);
    set(f++, b, of(m1, 'energy', b));
    set(f++, b, of(m1, 'correlation', b));
    set(f++, b, of(m2, 'correlation', b));
    set(f++, b, of(m1, 'distance', b));
    for (const offset of QRS_OFFSETS)
      set(f++, b, at(primary.clean, r + Math.round(offset * fs)) / primary.scale);
    for (const offset of T_OFFSETS)
      set(f++, b, at(primary.clean, r + Math.round(offset * fs)) / primary.scale);
    for (const offset of QRS_OFFSETS)
      set(f++, b, second ? at(second.clean, r + Math.round(offset * fs)) / second.scale : Number.NaN);
    set(f++, b, pre / running);
    set(f++, b, post / running);
    set(f++, b, of(m1, 'energyNorm', b));
    set(f++, b, of(m1, 'areaRatio', b));
    set(f++, b, of(m2, 'widthRatio', b));
    set(f++, b, of(m2, 'energyNorm', b));
    set(f++, b, of(m2, 'distance', b));
    set(f++, b, of(m2, 'areaRatio', b));
  }
  return { rowCount: n, featureNames: BEAT_FEATURE_NAMES, values };
}

function leadMeasures(view: LeadView, fs: number, peaks: Int32Array): LeadMeasures {
  const width = Float64Array.from(peaks, (r) => qrsWidth(view, r, fs));
  const energy = Float64Array.from(peaks, (r) => energyRatio(view, r, fs));
  const templateArea = absoluteSum(view.template) || 1;
  const beats = Array.from(peaks, (r) => window(view.clean, r, fs));
  const typicalWidth = median(Array.from(width)) || 1;
  const typicalEnergy = median(Array.from(energy)) || 1;
  return {
    widthRatio: width.map((w) => w / typicalWidth),
    energy,
    energyNorm: energy.map((e) => e / typicalEnergy),
    areaRatio: Float64Array.from(beats, (beat) => absoluteSum(beat) / templateArea),
    correlation: Float64Array.from(beats, (beat) => correlation(beat, view.template)),
    distance: Float64Array.from(beats, (beat) => {
      let sum = 0;
      for (let i = 0; i < beat.length; i++) sum += ((beat[i] as number) - (view.template[i] as number)) ** 2;
      return Math.sqrt(sum / beat.length) / view.scale;
    }),
  };
}

function leadView(lead: ArrayLike<number>, fs: number, peaks: Int32Array): LeadView {
  const clean = filtfilt(
    lead,
    [butterworthBiquad('highpass', 0.5, fs), butterworthBiquad('lowpass', Math.min(35, fs / 2.5), fs)],
    Math.round(2 * fs),
  );
  const bandpassed = filtfilt(
    lead,
    [butterworthBiquad('highpass', 5, fs), butterworthBiquad('lowpass', 15, fs)],
    Math.round(fs),
  );
  const reach = Math.round(0.05 * fs);
  const heights: number[] = [];
  for (const r of peaks) {
    let peak = 0;
    for (let i = r - reach; i <= r + reach; i++) peak = Math.max(peak, Math.abs(at(clean, i)));
    heights.push(peak);
  }
  const scale = median(heights) || 1;
  // The record's median beat, sample by sample: what this patient's dominant (usually normal) beat looks like.
  const windows = Array.from(peaks, (r) => window(clean, r, fs));
  const length = windows[0]?.length ?? 0;
  const template = new Float64Array(length);
  const column: number[] = new Array(windows.length);
  for (let i = 0; i < length; i++) {
    for (let w = 0; w < windows.length; w++) column[w] = (windows[w] as Float64Array)[i] as number;
    template[i] = median(column);
  }
  return { clean, bandpassed, scale, template };
}

/** The QRS window −100 … +150 ms around R. */
function window(signal: Float64Array, r: number, fs: number): Float64Array {
  const from = r - Math.round(0.1 * fs);
  const out = new Float64Array(Math.round(0.25 * fs));
  for (let i = 0; i < out.length; i++) out[i] = at(signal, from + i);
  return out;
}

/** Time the QRS slope stays above a fifth of its peak within ±150 ms of R: a QRS width estimate in seconds. */
function qrsWidth(view: LeadView, r: number, fs: number): number {
  const reach = Math.round(0.15 * fs);
  let peak = 0;
  for (let i = r - reach; i < r + reach; i++)
    peak = Math.max(peak, Math.abs(at(view.clean, i + 1) - at(view.clean, i)));
  let onset = r;
  let offset = r;
  for (let i = r - reach; i < r + reach; i++) {
    if (Math.abs(at(view.clean, i + 1) - at(view.clean, i)) > 0.2 * peak) {
      onset = Math.min(onset, i);
      offset = Math.max(offset, i);
    }
  }
  return (offset - onset) / fs;
}

/** Share of the QRS window's energy in the 5–15 Hz band: narrow beats are rich in it, wide ectopic beats poor. */
function energyRatio(view: LeadView, r: number, fs: number): number {
  let band = 0;
  let total = 0;
  for (let i = r - Math.round(0.05 * fs); i <= r + Math.round(0.1 * fs); i++) {
    band += at(view.bandpassed, i) ** 2;
    total += at(view.clean, i) ** 2;
  }
  return total === 0 ? 0 : band / total;
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

function absoluteSum(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += Math.abs(v);
  return sum;
}

const at = (signal: Float64Array, i: number): number =>
  signal[Math.min(signal.length - 1, Math.max(0, i))] as number;

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
