import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { TrajectoryAnomaly } from './TrajectoryAnomaly.ts';

describe('TrajectoryAnomaly', () => {
  it("learns before it scores, then stays low on the patient's usual values", () => {
    const anomaly = new TrajectoryAnomaly({ warmup: 5 });
    const random = new SeededRandom(1);
    for (let i = 0; i < 5; i++) anomaly.observe('pulse', 70 + random.nextGaussian());
    expect(anomaly.score().learning).toContain('pulse');
    for (let i = 0; i < 30; i++) anomaly.observe('pulse', 70 + random.nextGaussian());
    const steady = anomaly.score();
    expect(steady.learning).not.toContain('pulse');
    expect(steady.score).toBeLessThan(1.5);
  });

  it("scores a jump away from this patient's own baseline, whatever the population thresholds say", () => {
    // 88/min is within NEWS2's 0-point band, yet far from a patient who runs at 60.
    const anomaly = new TrajectoryAnomaly();
    for (let i = 0; i < 20; i++) anomaly.observe('pulse', 60 + (i % 2));
    anomaly.observe('pulse', 88);
    const result = anomaly.score();
    expect(result.deviations.pulse).toBeGreaterThan(5);
    expect(result.score).toBe(result.deviations.pulse);
  });

  it('combines parameters as the root mean square of their z-scores', () => {
    const anomaly = new TrajectoryAnomaly({ warmup: 1, alpha: 0.5, minSd: { pulse: 1, temperature: 1 } });
    anomaly.observe('pulse', 60);
    anomaly.observe('temperature', 37);
    anomaly.observe('pulse', 63);
    anomaly.observe('temperature', 41);
    const { deviations, score } = anomaly.score();
    expect(deviations).toEqual({ pulse: 3, temperature: 4 });
    expect(score).toBeCloseTo(Math.sqrt((9 + 16) / 2), 2);
  });
});
