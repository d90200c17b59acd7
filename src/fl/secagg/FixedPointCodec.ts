import { InvalidFederatedInputError } from '../flErrors.ts';

/**
 * Maps real vectors into the ring Z/2^32 where secure-aggregation masks cancel exactly: each value is clipped to
 * [−clip, clip] and rounded to a multiple of 1/scale, with scale = ⌊(2^31 − 1) / (maxSites · clip)⌋ so the true sum
 * of up to `maxSites` vectors, read as a signed 32-bit integer, never wraps. The decoded sum is within
 * maxSites / (2·scale) of the sum of the clipped inputs.
 */
export class FixedPointCodec {
  /** Ring units per 1.0. */
  readonly scale: number;

  constructor(
    readonly clip: number,
    readonly maxSites: number,
  ) {
    if (!(clip > 0) || !(Number.isInteger(maxSites) && maxSites >= 1))
      throw new InvalidFederatedInputError('The fixed-point codec needs clip > 0 and maxSites >= 1');
    this.scale = Math.floor(0x7fff_ffff / (maxSites * clip));
    if (this.scale < 1)
      throw new InvalidFederatedInputError(
        `clip × maxSites = ${clip * maxSites} leaves no precision in 32 bits`,
      );
  }

  /** The clipped, rounded ring elements of `values`. */
  encode(values: Float64Array): Uint32Array {
    const out = new Uint32Array(values.length);
    const { clip, scale } = this;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      const clipped = v > clip ? clip : v < -clip ? -clip : Number.isNaN(v) ? 0 : v;
      // floor(x + ½) rounds like Math.round and is several times faster in V8; the Uint32Array store wraps
      // negatives into the ring (two's complement).
      out[i] = Math.floor(clipped * scale + 0.5);
    }
    return out;
  }

  /** Reads a ring sum back as reals (two's complement, then ÷ scale). */
  decode(sum: Uint32Array): Float64Array {
    const out = new Float64Array(sum.length);
    for (let i = 0; i < sum.length; i++) out[i] = ((sum[i] as number) | 0) / this.scale;
    return out;
  }
}
