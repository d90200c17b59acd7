/** Shares below this are raised to it, so an empty bin gives a large but finite PSI term (a common convention). */
const FLOOR = 1e-4;

/** PSI above this is a significant shift (the usual credit-risk rule of thumb: < 0.1 stable, 0.1–0.25 moderate). */
export const PSI_ALERT_THRESHOLD = 0.25;

/**
 * Population stability index between a reference distribution and a recent one over the same bins:
 * Σ (actual − expected) · ln(actual / expected). Symmetric in its arguments; 0 when the shares agree.
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new RangeError('PSI needs the same bins on both sides');
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i] as number, FLOOR);
    const a = Math.max(actual[i] as number, FLOOR);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}
