import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { SecureAggregationProtocolError, SecureAggregationThresholdError } from '../flErrors.ts';
import { FixedPointCodec } from './FixedPointCodec.ts';
import { SecureAggregationCoordinator } from './SecureAggregationCoordinator.ts';
import { SecureAggregationSite } from './SecureAggregationSite.ts';
import { secureSumInProcess } from './secureSumInProcess.ts';

const random = new SeededRandom(3);
const dimension = 20_000;
const inputs = Array.from({ length: 6 }, () =>
  Float64Array.from({ length: dimension }, () => random.nextGaussian()),
);
const codec = new FixedPointCodec(8, inputs.length);
const tolerance = inputs.length / codec.scale;

const plainSum = (sites: readonly number[]) => {
  const out = new Float64Array(dimension);
  for (const s of sites) {
    const v = inputs[s - 1] as Float64Array;
    for (let i = 0; i < dimension; i++) out[i] = (out[i] as number) + (v[i] as number);
  }
  return out;
};

const maxAbsDifference = (a: Float64Array, b: Float64Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

const correlation = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += (a[i] as number) / n;
    mb += (b[i] as number) / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
};

describe('secure aggregation', () => {
  it('unmasks to the plain sum within the quantisation error', () => {
    const result = secureSumInProcess(inputs, codec, { round: 'job-1/round-1' });
    expect(result.survivors).toEqual([1, 2, 3, 4, 5, 6]);
    expect(maxAbsDifference(result.sum, plainSum(result.survivors))).toBeLessThanOrEqual(tolerance);
  });

  it('shows the coordinator nothing correlated with any single update', () => {
    // Seeded key material keeps the test deterministic (production draws from node's CSPRNG).
    const seeded = new SeededRandom(99);
    const randomBytes = (length: number) => Uint8Array.from({ length }, () => seeded.nextInt(256));
    const result = secureSumInProcess(inputs, codec, { round: 'job-1/round-2', randomBytes });
    for (const view of result.coordinatorView) {
      const seen = codec.decode(view.masked);
      const own = inputs[view.site - 1] as Float64Array;
      // Independent uniform masks: |r| is about 1/√20000 ≈ 0.007; an unmasked or weakly masked input gives r ≈ 1.
      expect(Math.abs(correlation(seen, own))).toBeLessThan(0.05);
      for (const other of inputs) expect(Math.abs(correlation(seen, other))).toBeLessThan(0.05);
    }
    // The sum itself is of course correlated with the inputs.
    expect(correlation(result.sum, inputs[0] as Float64Array)).toBeGreaterThan(0.3);
  });

  it('recovers the survivors’ exact sum when sites drop out after masking keys were shared', () => {
    // 6 sites, threshold 4: two drop before sending input; the four survivors hold enough shares.
    const result = secureSumInProcess(inputs, codec, {
      round: 'job-1/round-3',
      threshold: 4,
      dropouts: { afterSharing: [2, 5] },
    });
    expect(result.survivors).toEqual([1, 3, 4, 6]);
    expect(maxAbsDifference(result.sum, plainSum([1, 3, 4, 6]))).toBeLessThanOrEqual(tolerance);
  });

  it('recovers with exactly t survivors answering and fails below t', () => {
    const exact = secureSumInProcess(inputs, codec, {
      round: 'job-1/round-4',
      threshold: 3,
      dropouts: { afterSharing: [1], duringUnmask: [2, 3] },
    });
    expect(maxAbsDifference(exact.sum, plainSum([2, 3, 4, 5, 6]))).toBeLessThanOrEqual(tolerance);
    expect(() =>
      secureSumInProcess(inputs, codec, {
        round: 'job-1/round-5',
        threshold: 3,
        dropouts: { afterSharing: [1], duringUnmask: [2, 3, 4] },
      }),
    ).toThrow(SecureAggregationThresholdError);
    expect(() =>
      secureSumInProcess(inputs, codec, {
        round: 'job-1/round-6',
        threshold: 4,
        dropouts: { afterSharing: [1, 2, 3] },
      }),
    ).toThrow(SecureAggregationThresholdError);
  });

  it('a site never reveals both shares of the same peer, and shares only decrypt on their route', () => {
    const config = { round: 'job-2/round-1', siteCount: 3, threshold: 2 };
    const sites = [1, 2, 3].map((s) => new SecureAggregationSite(s, config));
    const coordinator = new SecureAggregationCoordinator(config, 4);
    for (const site of sites) coordinator.receiveKeys(site.advertiseKeys());
    const roster = coordinator.roster();
    for (const site of sites) coordinator.receiveShares(site.site, site.shareKeys(roster));
    const [one, two] = sites as [SecureAggregationSite, SecureAggregationSite];
    const misrouted = coordinator.sharesFor(2).map((m) => ({ ...m, to: 1 }));
    expect(() => one.maskInput(new Uint32Array(4), misrouted)).toThrow(SecureAggregationProtocolError);
    two.maskInput(new Uint32Array(4), coordinator.sharesFor(2));
    expect(() => two.unmask({ survivors: [1, 2], dropped: [1] })).toThrow(SecureAggregationProtocolError);
  });
});

describe('fixed-point codec', () => {
  it('clips to the bound and keeps sums of maxSites values from wrapping', () => {
    const c = new FixedPointCodec(1, 4);
    const encoded = c.encode(Float64Array.of(5, -5, 0.5));
    const sum = new Uint32Array(3);
    for (let k = 0; k < 4; k++)
      for (let i = 0; i < 3; i++) sum[i] = ((sum[i] as number) + (encoded[i] as number)) >>> 0;
    const decoded = c.decode(sum);
    expect(decoded[0]).toBeCloseTo(4, 6);
    expect(decoded[1]).toBeCloseTo(-4, 6);
    expect(decoded[2]).toBeCloseTo(2, 6);
  });
});
