import { describe, expect, it } from 'vitest';
import { SeededRandom } from './SeededRandom.ts';

describe('SeededRandom', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const streamA = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(streamA);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(streamA);
    // Seed 0 must not leave xoshiro in its stuck all-zero state.
    const zero = new SeededRandom(0);
    expect(new Set(Array.from({ length: 8 }, () => zero.nextUint32())).size).toBe(8);
  });

  it('draws uniform floats and unbiased integers', () => {
    const random = new SeededRandom(7);
    const counts = new Array(10).fill(0);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random.nextFloat();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      counts[random.nextInt(10)]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    let gaussSum = 0;
    let gaussSq = 0;
    for (let i = 0; i < 100_000; i++) {
      const z = random.nextGaussian();
      gaussSum += z;
      gaussSq += z * z;
    }
    expect(gaussSum / 100_000).toBeCloseTo(0, 1);
    expect(gaussSq / 100_000).toBeCloseTo(1, 1);
  });

  it('shuffles to a permutation and samples distinct indices', () => {
    const random = new SeededRandom(1);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = random.shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    const sample = random.sampleIndices(1_000, 256);
    expect(new Set(sample).size).toBe(256);
    expect(Math.max(...sample)).toBeLessThan(1_000);
    expect(() => random.sampleIndices(3, 4)).toThrow(RangeError);
  });
});
