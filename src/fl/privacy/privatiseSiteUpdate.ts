import type { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { addGaussianNoise } from './addGaussianNoise.ts';
import { clipToL2Norm } from './clipToL2Norm.ts';

/** Site-level (client-level) DP settings for one round. */
export type SiteLevelDp = {
  /** Each site's whole update is clipped to this L2 norm (the sensitivity of the sum). */
  readonly clipNorm: number;
  /** The noise on the sum has std noiseMultiplier × clipNorm. */
  readonly noiseMultiplier: number;
  /** Sites expected in the round: each adds 1/siteCount of the noise variance. */
  readonly siteCount: number;
};

/**
 * Clips one site's update and adds its part of distributed Gaussian noise, N(0, (σC)²/k): with secure aggregation
 * the coordinator only sees the sum, whose noise N(0, (σC)²) is what central DP for the sum of k clipped updates
 * needs (fewer sites than k means less noise than accounted, so the round record says how many took part).
 * Returns the norm before clipping. `random` must be a CSPRNG-seeded generator in production.
 */
export function privatiseSiteUpdate(update: Float64Array, dp: SiteLevelDp, random: SeededRandom): number {
  const norm = clipToL2Norm(update, dp.clipNorm);
  addGaussianNoise(update, (dp.noiseMultiplier * dp.clipNorm) / Math.sqrt(dp.siteCount), random);
  return norm;
}
