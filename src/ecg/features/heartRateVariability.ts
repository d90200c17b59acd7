/** Heart rate and time-domain HRV of a beat series (Task Force of the ESC/NASPE, 1996). */
export type HeartRateVariability = {
  readonly beats: number;
  /** Mean heart rate in beats per minute (from the mean RR interval). */
  readonly heartRate: number;
  readonly meanRrMs: number;
  /** Standard deviation of the RR intervals. */
  readonly sdnnMs: number;
  /** Root mean square of successive RR differences. */
  readonly rmssdMs: number;
  /** Share of successive RR differences above 50 ms. */
  readonly pnn50: number;
};

/**
 * Heart rate and HRV from R-peak samples. Pass `normal` (one flag per peak) to keep only intervals between two
 * normal beats — the NN intervals the standard defines — so ectopic beats do not inflate SDNN and RMSSD.
 */
export function heartRateVariability(
  peaks: ArrayLike<number>,
  fs: number,
  normal?: ArrayLike<boolean>,
): HeartRateVariability {
  const rr: number[] = [];
  for (let i = 1; i < peaks.length; i++) {
    if (normal && !(normal[i] && normal[i - 1])) continue;
    rr.push((((peaks[i] as number) - (peaks[i - 1] as number)) / fs) * 1000);
  }
  const n = rr.length;
  const mean = n === 0 ? Number.NaN : rr.reduce((a, b) => a + b, 0) / n;
  const variance = n < 2 ? Number.NaN : rr.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  let squares = 0;
  let over50 = 0;
  for (let i = 1; i < n; i++) {
    const diff = (rr[i] as number) - (rr[i - 1] as number);
    squares += diff * diff;
    if (Math.abs(diff) > 50) over50++;
  }
  return {
    beats: peaks.length,
    heartRate: 60_000 / mean,
    meanRrMs: mean,
    sdnnMs: Math.sqrt(variance),
    rmssdMs: n < 2 ? Number.NaN : Math.sqrt(squares / (n - 1)),
    pnn50: n < 2 ? Number.NaN : over50 / (n - 1),
  };
}
