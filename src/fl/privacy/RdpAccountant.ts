import { InvalidFederatedInputError } from '../flErrors.ts';

/** Rényi orders tracked by default (Mironov 2017; the range TF Privacy and Opacus use, up to 256). */
export const DEFAULT_RDP_ORDERS: readonly number[] = [
  1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 48, 64, 128, 256,
];

/** ε spent for a δ, and the Rényi order that gave the tightest bound. */
export type PrivacySpent = { readonly epsilon: number; readonly delta: number; readonly order: number };

/**
 * RDP of one step of the sampled Gaussian mechanism (sensitivity 1, noise std σ, Poisson rate q) at order α.
 * For q = 1 it is the closed form α / (2σ²). For q < 1 and integer α it is Mironov, Talwar & Zhang 2019,
 * log(Σ_k C(α,k)(1−q)^(α−k) q^k exp((k²−k)/(2σ²))) / (α−1), summed in log space. For q < 1 and fractional α this
 * returns the value at ⌈α⌉, a valid upper bound because RDP never decreases with the order.
 */
export function sampledGaussianRdp(sampleRate: number, noiseMultiplier: number, order: number): number {
  const q = sampleRate;
  const sigma = noiseMultiplier;
  if (q === 0) return 0;
  if (!(sigma > 0)) return Number.POSITIVE_INFINITY;
  if (q === 1) return order / (2 * sigma * sigma);
  const alpha = Math.ceil(order);
  const logTerms: number[] = [];
  let logBinomial = 0;
  for (let k = 0; k <= alpha; k++) {
    if (k > 0) logBinomial += Math.log(alpha - k + 1) - Math.log(k);
    logTerms.push(
      logBinomial + (alpha - k) * Math.log1p(-q) + k * Math.log(q) + (k * k - k) / (2 * sigma * sigma),
    );
  }
  const top = Math.max(...logTerms);
  const logA = top + Math.log(logTerms.reduce((s, t) => s + Math.exp(t - top), 0));
  return logA / (alpha - 1);
}

/**
 * A Rényi differential privacy accountant (Mironov 2017) for compositions of sampled Gaussian mechanisms: RDP adds
 * up over steps at every order, and ε(δ) = min_α RDP(α) + log(1/δ)/(α − 1), the standard conversion.
 */
export class RdpAccountant {
  private readonly rdp: Float64Array;

  constructor(readonly orders: readonly number[] = DEFAULT_RDP_ORDERS) {
    if (orders.length === 0 || orders.some((a) => !(a > 1)))
      throw new InvalidFederatedInputError('Rényi orders must all be > 1');
    this.rdp = new Float64Array(orders.length);
  }

  /** Records `steps` runs of the Gaussian mechanism with this noise multiplier and sampling rate. */
  compose(noiseMultiplier: number, sampleRate: number, steps: number): void {
    if (!(sampleRate >= 0 && sampleRate <= 1) || !(steps >= 0) || !(noiseMultiplier >= 0))
      throw new InvalidFederatedInputError('Need a sampling rate in [0, 1], steps >= 0 and noise >= 0');
    if (steps === 0) return;
    this.orders.forEach((order, i) => {
      this.rdp[i] = (this.rdp[i] as number) + steps * sampledGaussianRdp(sampleRate, noiseMultiplier, order);
    });
  }

  /** The RDP spent so far at each tracked order. */
  rdpByOrder(): Float64Array {
    return Float64Array.from(this.rdp);
  }

  /** ε spent so far for this δ (0 < δ < 1). */
  spent(delta: number): PrivacySpent {
    if (!(delta > 0 && delta < 1))
      throw new InvalidFederatedInputError(`delta must be in (0, 1), got ${delta}`);
    let best: PrivacySpent = { epsilon: Number.POSITIVE_INFINITY, delta, order: Number.NaN };
    this.orders.forEach((order, i) => {
      const epsilon = (this.rdp[i] as number) + Math.log(1 / delta) / (order - 1);
      if (epsilon < best.epsilon) best = { epsilon, delta, order };
    });
    return best;
  }

  /** A copy with the same history (to ask what another round would cost without spending it). */
  copy(): RdpAccountant {
    const twin = new RdpAccountant(this.orders);
    twin.rdp.set(this.rdp);
    return twin;
  }
}
