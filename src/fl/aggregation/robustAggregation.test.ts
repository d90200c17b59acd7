import { describe, expect, it } from 'vitest';
import { UpdateShapeMismatchError } from '../flErrors.ts';
import { coordinateMedian } from './coordinateMedian.ts';
import { fedAvg } from './fedAvg.ts';
import { krum } from './krum.ts';
import type { Aggregator } from './ModelUpdate.ts';
import { euclideanDistance, type PoisonAttack, poisonedRound } from './poisonedRound.ts';
import { trimmedMean } from './trimmedMean.ts';

const robust: Record<string, Aggregator> = {
  median: coordinateMedian,
  'trimmed mean (β = 0.2)': trimmedMean(0.2),
  'Krum (f = 2)': krum(2),
  'multi-Krum (f = 2, m = 4)': krum(2, 4),
};

describe('robust aggregation against poisoned sites', () => {
  for (const attack of ['scaled', 'sign-flipped'] as PoisonAttack[]) {
    const round = poisonedRound({ honest: 8, poisoned: 2, attack, dimension: 200, seed: 7 });
    // The spread of honest updates around their mean is √200 × 0.1 ≈ 1.4; the honest mean's own norm is ≈ 14.
    const honestNorm = euclideanDistance(round.honestMean, new Float64Array(200));

    it(`FedAvg is steered by ${attack} updates`, () => {
      const distance = euclideanDistance(fedAvg(round.updates), round.honestMean);
      expect(distance).toBeGreaterThan(10 * honestNorm);
    });

    for (const [name, aggregate] of Object.entries(robust))
      it(`${name} is not steered by ${attack} updates`, () => {
        const distance = euclideanDistance(aggregate(round.updates), round.honestMean);
        expect(distance).toBeLessThan(0.1 * honestNorm);
      });
  }
});

describe('aggregators', () => {
  it('FedAvg weights by sample count', () => {
    const out = fedAvg([
      { vector: Float64Array.of(0, 4), sampleCount: 3 },
      { vector: Float64Array.of(4, 0), sampleCount: 1 },
    ]);
    expect(Array.from(out)).toEqual([1, 3]);
  });

  it('median and trimmed mean work per coordinate', () => {
    const updates = [1, 2, 3, 100].map((v) => ({ vector: Float64Array.of(v, -v), sampleCount: 1 }));
    expect(Array.from(coordinateMedian(updates))).toEqual([2.5, -2.5]);
    expect(Array.from(trimmedMean(0.25)(updates))).toEqual([2.5, -2.5]);
  });

  it('Krum picks the update closest to its neighbours', () => {
    const updates = [0, 1, 2, 4, 50].map((v) => ({ vector: Float64Array.of(v), sampleCount: 1 }));
    expect(krum(1)(updates)[0]).toBe(1);
    expect(() => krum(2)(updates)).toThrow(/needs more than 6 sites/);
  });

  it('refuses updates of different lengths', () => {
    const updates = [
      { vector: new Float64Array(2), sampleCount: 1 },
      { vector: new Float64Array(3), sampleCount: 1 },
    ];
    expect(() => fedAvg(updates)).toThrow(UpdateShapeMismatchError);
  });
});
