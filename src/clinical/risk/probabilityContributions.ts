import { sigmoid } from '../../ai/math/logistic.ts';

/**
 * Turns additive log-odds contributions into additive probability contributions. The probability moves from
 * p₀ = σ(base) to p = σ(base + Σφ); each feature gets φᵢ times the secant slope (p − p₀)/(Σφ) of the logistic
 * between the two points (the tangent slope p(1−p) when Σφ is 0). The results add up exactly to p − p₀ and keep each
 * feature's sign, because the slope is positive. It is a linearisation along the path from base to prediction:
 * a feature's share of the probability change, not the probability change it would cause alone.
 */
export function probabilityContributions(base: number, logOdds: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < logOdds.length; i++) total += logOdds[i] as number;
  const p0 = sigmoid(base);
  const p = sigmoid(base + total);
  const slope = Math.abs(total) > 1e-12 ? (p - p0) / total : p * (1 - p);
  return Float64Array.from(logOdds, (phi) => phi * slope);
}
