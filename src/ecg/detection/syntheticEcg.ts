/**
 * A synthetic ECG for tests at any sampling rate: Gaussian P, QRS and T waves at given R times, with baseline
 * wander and noise from a seeded generator, so detection can be checked where the truth is known exactly.
 */
export function syntheticEcg(options: {
  fs: number;
  rTimes: readonly number[];
  seconds: number;
  /** Per-beat QRS width factor (1 = normal 90 ms; 2 = a wide, ventricular-looking beat). */
  width?: (beat: number) => number;
  noise?: number;
  seed?: number;
}): Float32Array {
  const { fs, rTimes, seconds } = options;
  const out = new Float32Array(Math.round(seconds * fs));
  const wave = (t: number, centre: number, sd: number, height: number) =>
    height * Math.exp(-(((t - centre) / sd) ** 2) / 2);
  let state = options.seed ?? 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  for (let i = 0; i < out.length; i++) {
    const t = i / fs;
    let v = 0.15 * Math.sin(2 * Math.PI * 0.3 * t) + (options.noise ?? 0.02) * random();
    for (const [beat, r] of rTimes.entries()) {
      if (Math.abs(t - r) > 0.6) continue;
      const w = options.width?.(beat) ?? 1;
      v +=
        wave(t, r - 0.16, 0.025, 0.12) + wave(t, r - 0.03 * w, 0.01 * w, -0.15) + wave(t, r, 0.012 * w, 1.1);
      v += wave(t, r + 0.035 * w, 0.012 * w, -0.25) + wave(t, r + 0.3, 0.05, w > 1.5 ? -0.4 : 0.3);
    }
    out[i] = v;
  }
  return out;
}
