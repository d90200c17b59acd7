/**
 * The one random generator of `ai/`: xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32, so every
 * shuffle, sample and split is reproducible from a single integer seed on any platform (32-bit integer math only).
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32 spreads any seed (0 included) over the 128-bit state; an all-zero state would be stuck.
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67_108_864 + low) / 9_007_199_254_740_992;
  }

  /** An integer in [0, bound), without modulo bias. */
  nextInt(bound: number): number {
    if (!(bound >= 1) || bound > 0x1_0000_0000)
      throw new RangeError(`bound must be in 1..2^32, got ${bound}`);
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % bound);
    for (;;) {
      const value = this.nextUint32();
      if (value < limit) return value % bound;
    }
  }

  /** A standard normal deviate (Box–Muller). */
  nextGaussian(): number {
    const u = 1 - this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles an array or typed array in place (Fisher–Yates) and returns it. */
  shuffle<T extends unknown[] | Uint32Array | Int32Array | Float64Array>(items: T): T {
    const view = items as unknown as unknown[];
    for (let i = view.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = view[i];
      view[i] = view[j];
      view[j] = tmp;
    }
    return items;
  }

  /** `count` distinct integers from [0, population), in random order (partial Fisher–Yates). */
  sampleIndices(population: number, count: number): Uint32Array {
    if (count > population)
      throw new RangeError(`cannot sample ${count} of ${population} without replacement`);
    const pool = new Uint32Array(population);
    for (let i = 0; i < population; i++) pool[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + this.nextInt(population - i);
      const tmp = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = tmp;
    }
    return pool.slice(0, count);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
