import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { clipToL2Norm } from './clipToL2Norm.ts';
import { privatiseSiteUpdate } from './privatiseSiteUpdate.ts';

const std = (values: Float64Array) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
};

describe('site-level DP', () => {
  it('clips to the L2 bound and leaves short vectors alone', () => {
    const long = Float64Array.of(3, 4);
    expect(clipToL2Norm(long, 1)).toBe(5);
    expect(long[0]).toBeCloseTo(0.6, 12);
    expect(long[1]).toBeCloseTo(0.8, 12);
    const short = Float64Array.of(0.3, 0.4);
    clipToL2Norm(short, 1);
    expect(Array.from(short)).toEqual([0.3, 0.4]);
  });

  it('adds N(0, (σC)²/k) per site so the sum of k sites has std σC', () => {
    const dp = { clipNorm: 0.5, noiseMultiplier: 1.2, siteCount: 4 };
    const random = new SeededRandom(11);
    const dimension = 50_000;
    const sum = new Float64Array(dimension);
    let perSiteStd = 0;
    for (let site = 0; site < dp.siteCount; site++) {
      const update = new Float64Array(dimension);
      privatiseSiteUpdate(update, dp, random);
      perSiteStd = std(update);
      for (let i = 0; i < dimension; i++) sum[i] = (sum[i] as number) + (update[i] as number);
    }
    // With 50,000 draws the sample std is within about 0.3% (1/√(2n)) of the truth; allow 2%.
    expect(perSiteStd).toBeGreaterThan(0.98 * ((1.2 * 0.5) / 2));
    expect(perSiteStd).toBeLessThan(1.02 * ((1.2 * 0.5) / 2));
    expect(std(sum)).toBeGreaterThan(0.98 * 1.2 * 0.5);
    expect(std(sum)).toBeLessThan(1.02 * 1.2 * 0.5);
  });
});
