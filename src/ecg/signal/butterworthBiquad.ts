import { EcgSignalError } from '../ecgErrors.ts';

/** A second-order IIR section, `a0` normalised to 1. */
export type Biquad = {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
};

/**
 * A second-order Butterworth low- or high-pass section at `cutoffHz` for sampling rate `fs` (bilinear transform,
 * the Audio EQ Cookbook's form with Q = 1/√2), so the same filters work at 360, 500 or 1000 Hz.
 */
export function butterworthBiquad(kind: 'lowpass' | 'highpass', cutoffHz: number, fs: number): Biquad {
  if (!(cutoffHz > 0 && cutoffHz < fs / 2))
    throw new EcgSignalError('filter cutoff must lie between 0 and the Nyquist frequency', {
      details: [`cutoff ${cutoffHz} Hz at ${fs} Hz sampling`],
    });
  const w0 = (2 * Math.PI * cutoffHz) / fs;
  const alpha = Math.sin(w0) / Math.SQRT2;
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  const b1 = kind === 'lowpass' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'lowpass' ? (1 - cos) / 2 : (1 + cos) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}
