import { EcgSignalError } from '../ecgErrors.ts';
import { type PanTompkinsSignals, panTompkinsSignals } from './panTompkinsSignals.ts';

/** Tuning of the Pan–Tompkins decision stage; the defaults are the paper's. */
export type RPeakOptions = {
  /** No second QRS within this many seconds of one (default 0.2). */
  refractory?: number;
  /** A candidate within this many seconds of the last QRS must have half its slope, or it is a T wave (0.36). */
  tWaveWindow?: number;
  /** Search back when no QRS was found for this many average RR intervals (1.66). */
  searchBackFactor?: number;
};

type Candidate = {
  /** Position of the hump's peak in the integrated signal. */
  readonly hump: number;
  /** Where the band-passed signal peaks near the hump: the R location reported. */
  readonly r: number;
  readonly integrated: number;
  readonly filtered: number;
  readonly slope: number;
};

/** Where the threshold sits between the noise and signal levels (the paper's 0.25). */
const THRESHOLD_FRACTION = 0.25;

/** Running signal and noise peak levels with Pan–Tompkins' thresholds between them. */
class AdaptiveLevel {
  private signal = 0;
  private noise = 0;
  constructor(private readonly values: Float64Array) {}
  /** (Re)learns the levels from a stretch of signal, as the paper's two-second learning phase does. */
  learn(from: number, to: number): void {
    let max = 0;
    let sum = 0;
    for (let i = from; i < to; i++) {
      max = Math.max(max, this.values[i] as number);
      sum += this.values[i] as number;
    }
    this.signal = max / 3;
    this.noise = sum / Math.max(1, to - from) / 2;
  }
  get threshold(): number {
    return this.noise + THRESHOLD_FRACTION * (this.signal - this.noise);
  }
  onSignal(peak: number, weight = 0.125): void {
    // A noise burst taken for a QRS must not lift the level so far that the next real beats fall below it.
    this.signal = weight * Math.min(peak, 3 * this.signal) + (1 - weight) * this.signal;
  }
  onNoise(peak: number): void {
    this.noise = 0.125 * Math.min(peak, 3 * this.signal) + 0.875 * this.noise;
  }
}

/**
 * Finds R peaks with Pan & Tompkins' algorithm: humps of the integrated signal are QRS candidates, classified as
 * QRS or noise against adaptive thresholds on both the integrated and the band-passed signal; a candidate within
 * 360 ms of the last QRS with less than half its slope is a T wave; and when no QRS came for 166% of the regular RR
 * interval the best candidate above half threshold is taken (search-back). With several leads the
 * first locates the R peak and all of them vote (see `panTompkinsSignals`). Returns sample indices, ascending.
 */
export function detectRPeaks(
  leads: readonly ArrayLike<number>[],
  fs: number,
  options: RPeakOptions = {},
): Int32Array {
  const refractory = Math.round((options.refractory ?? 0.2) * fs);
  const tWaveWindow = Math.round((options.tWaveWindow ?? 0.36) * fs);
  const searchBackFactor = options.searchBackFactor ?? 1.66;
  const length = leads[0]?.length ?? 0;
  if (length < 2 * fs) throw new EcgSignalError('ECG too short for QRS detection: at least 2 s are needed');
  const signals = panTompkinsSignals(leads, fs);
  const { integrated, magnitude } = signals;
  const candidates = findCandidates(signals, fs, refractory);

  const learningSpan = Math.min(length, Math.round(2 * fs));
  const levelI = new AdaptiveLevel(integrated);
  const levelF = new AdaptiveLevel(magnitude);
  levelI.learn(0, learningSpan);
  levelF.learn(0, learningSpan);

  const qrs: Candidate[] = [];
  const recentRr: number[] = [];
  const regularRr: number[] = [];
  let rrAverage = 0;
  const accept = (c: Candidate, weight?: number) => {
    const previous = qrs[qrs.length - 1];
    qrs.push(c);
    levelI.onSignal(c.integrated, weight);
    levelF.onSignal(c.filtered, weight);
    if (!previous) return;
    const rr = c.r - previous.r;
    recentRr.push(rr);
    if (recentRr.length > 8) recentRr.shift();
    const mean1 = recentRr.reduce((a, b) => a + b, 0) / recentRr.length;
    if (rrAverage === 0 || (rr > 0.92 * rrAverage && rr < 1.16 * rrAverage)) {
      regularRr.push(rr);
      if (regularRr.length > 8) regularRr.shift();
      rrAverage = regularRr.reduce((a, b) => a + b, 0) / regularRr.length;
    } else if (regularRr.length === 0) {
      rrAverage = mean1;
    }
  };

  let next = 0;
  const searchBack = (until: number) => {
    // Look among the candidates rejected since the last QRS for the strongest one above half threshold.
    for (;;) {
      const last = qrs[qrs.length - 1];
      if (!last || rrAverage === 0 || until - last.r <= searchBackFactor * rrAverage) return;
      let best: Candidate | undefined;
      for (let k = next - 1; k >= 0; k--) {
        const c = candidates[k] as Candidate;
        if (c.r <= last.r + refractory) break;
        if (c.r >= until) continue;
        if (c.integrated > 0.5 * levelI.threshold && c.filtered > 0.5 * levelF.threshold)
          if (!best || c.integrated > best.integrated) best = c;
      }
      if (best) accept(best, 0.25);
      else {
        // Nothing to take back: the levels are stale (after noise or a change of gain), so learn them again.
        if (until - last.r > learningSpan) {
          levelI.learn(until - learningSpan, until);
          levelF.learn(until - learningSpan, until);
        }
        return;
      }
    }
  };

  for (; next < candidates.length; next++) {
    const c = candidates[next] as Candidate;
    searchBack(c.r);
    const last = qrs[qrs.length - 1];
    if (last && c.r - last.r < refractory) {
      levelI.onNoise(c.integrated);
      levelF.onNoise(c.filtered);
      continue;
    }
    const isQrs = c.integrated > levelI.threshold && c.filtered > levelF.threshold;
    const isTWave = isQrs && last !== undefined && c.r - last.r < tWaveWindow && c.slope < 0.5 * last.slope;
    if (isQrs && !isTWave) accept(c);
    else {
      levelI.onNoise(c.integrated);
      levelF.onNoise(c.filtered);
    }
  }
  searchBack(length);
  return Int32Array.from(qrs.map((c) => c.r).sort((a, b) => a - b));
}

/** Local maxima of the integrated signal at least `refractory` apart (the highest wins), with their QRS measures. */
function findCandidates(
  { bandpassed, magnitude, slope: slopeSignal, integrated }: PanTompkinsSignals,
  fs: number,
  refractory: number,
): Candidate[] {
  const n = integrated.length;
  const humps: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    const v = integrated[i] as number;
    if (v > (integrated[i - 1] as number) && v >= (integrated[i + 1] as number)) humps.push(i);
  }
  // Keep humps that are the highest within ±refractory/2, so one QRS gives one candidate.
  const halfGap = Math.round(refractory / 2);
  const kept: number[] = [];
  for (const [k, i] of humps.entries()) {
    const v = integrated[i] as number;
    let highest = true;
    for (let j = k - 1; j >= 0 && i - (humps[j] as number) <= halfGap && highest; j--)
      if ((integrated[humps[j] as number] as number) >= v) highest = false;
    for (let j = k + 1; j < humps.length && (humps[j] as number) - i <= halfGap && highest; j++)
      if ((integrated[humps[j] as number] as number) > v) highest = false;
    if (highest) kept.push(i);
  }
  const reach = Math.round(0.1 * fs);
  return kept.map((hump) => {
    let r = hump;
    let located = 0;
    let filtered = 0;
    let slope = 0;
    for (let i = Math.max(0, hump - reach); i <= Math.min(n - 1, hump + reach); i++) {
      const a = Math.abs(bandpassed[i] as number);
      if (a > located) {
        located = a;
        r = i;
      }
      filtered = Math.max(filtered, magnitude[i] as number);
      slope = Math.max(slope, slopeSignal[i] as number);
    }
    return { hump, r, integrated: integrated[hump] as number, filtered, slope };
  });
}
