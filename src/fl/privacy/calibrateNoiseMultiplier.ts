import { InvalidFederatedInputError } from '../flErrors.ts';
import { RdpAccountant } from './RdpAccountant.ts';

/**
 * The smallest noise multiplier (to 0.1%) whose `steps` sampled Gaussian steps at rate `sampleRate` spend at most
 * `epsilon` for `delta`, by bisection (ε falls as the noise grows).
 */
export function calibrateNoiseMultiplier(
  epsilon: number,
  delta: number,
  sampleRate: number,
  steps: number,
): number {
  const spent = (sigma: number) => {
    const accountant = new RdpAccountant();
    accountant.compose(sigma, sampleRate, steps);
    return accountant.spent(delta).epsilon;
  };
  let lo = 0.1;
  let hi = 1_000;
  if (spent(hi) > epsilon)
    throw new InvalidFederatedInputError(
      `No noise multiplier up to ${hi} reaches ε = ${epsilon} in ${steps} steps`,
    );
  if (spent(lo) <= epsilon) return lo;
  while (hi - lo > 1e-3 * lo) {
    const mid = (lo + hi) / 2;
    if (spent(mid) > epsilon) lo = mid;
    else hi = mid;
  }
  return hi;
}
