import { describe, expect, it } from 'vitest';
import { sigmoid } from '../math/logistic.ts';
import { brierScore } from '../metrics/brierScore.ts';
import { SeededRandom } from '../random/SeededRandom.ts';
import { PlattScaling } from './PlattScaling.ts';

describe('PlattScaling', () => {
  it('recovers the slope and offset of over-confident scores', () => {
    const random = new SeededRandom(5);
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = random.nextGaussian() * 3;
      scores.push(s);
      // True probability is sigmoid(0.5·s − 1): the raw score is twice too confident and off-centre.
      labels.push(random.nextFloat() < sigmoid(0.5 * s - 1) ? 1 : 0);
    }
    const platt = PlattScaling.fit(scores, labels);
    expect(platt.a).toBeCloseTo(0.5, 1);
    expect(platt.b).toBeCloseTo(-1, 1);
    const calibrated = platt.transform(scores);
    expect(brierScore(labels, calibrated)).toBeLessThan(brierScore(labels, scores.map(sigmoid)));
  });
});
