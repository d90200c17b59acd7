import type { Biquad } from './butterworthBiquad.ts';

function runSections(signal: Float64Array, sections: readonly Biquad[]): void {
  for (const { b0, b1, b2, a1, a2 } of sections) {
    // Start from the steady state of the first sample so the edge does not ring.
    const x0 = signal[0] ?? 0;
    const gain = (b0 + b1 + b2) / (1 + a1 + a2);
    const y0 = Number.isFinite(gain) ? x0 * gain : 0;
    let x1 = x0;
    let x2 = x0;
    let y1 = y0;
    let y2 = y0;
    for (let i = 0; i < signal.length; i++) {
      const x = signal[i] as number;
      const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      signal[i] = y;
    }
  }
}

/**
 * Zero-phase filtering (forward, then backward, through every section), as SciPy's `filtfilt`: QRS positions are
 * not delayed, so detections line up with annotations at any sampling rate. Edges are padded by odd reflection.
 */
export function filtfilt(
  signal: ArrayLike<number>,
  sections: readonly Biquad[],
  padLength: number,
): Float64Array {
  const n = signal.length;
  const pad = Math.max(0, Math.min(padLength, n - 1));
  const first = n > 0 ? (signal[0] as number) : 0;
  const last = n > 0 ? (signal[n - 1] as number) : 0;
  const work = new Float64Array(n + 2 * pad);
  for (let i = 0; i < pad; i++) work[i] = 2 * first - (signal[pad - i] as number);
  for (let i = 0; i < n; i++) work[pad + i] = signal[i] as number;
  for (let i = 0; i < pad; i++) work[pad + n + i] = 2 * last - (signal[n - 2 - i] as number);
  runSections(work, sections);
  work.reverse();
  runSections(work, sections);
  work.reverse();
  return work.slice(pad, pad + n);
}
