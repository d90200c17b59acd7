import { describe, expect, it } from 'vitest';
import { news2Score } from '../../rules/news2.ts';
import { readVitalSigns } from '../readVitalSigns.ts';
import { simulateVitals } from './simulateVitals.ts';
import type { VitalsScenario } from './vitalScenarios.ts';

const run = (scenario: VitalsScenario, seed: number, steps = 40) => [
  ...simulateVitals({ patient: 'Patient/p1', scenario, seed, steps, start: '2024-03-01T08:00:00Z' }),
];
const scores = (scenario: VitalsScenario, seed: number) =>
  run(scenario, seed).map((r) => news2Score(r.vitals));

describe('vital-sign simulator', () => {
  it('replays the same stream from the same seed, and another from another', () => {
    expect(run('sepsis', 7)).toEqual(run('sepsis', 7));
    expect(run('sepsis', 7)).not.toEqual(run('sepsis', 8));
  });

  it('keeps stable patients at NEWS2 0 and never escalating, on many seeds', () => {
    for (let seed = 1; seed <= 20; seed++)
      for (const result of scores('stable', seed)) {
        expect(result.score).toBe(0);
        expect(result.singleParameterTrigger).toBe(false);
      }
  });

  it('takes a deteriorating patient gradually to the urgent band (5–6) and never higher', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const series = scores('deteriorating', seed);
      expect(series[0]?.score).toBe(0);
      expect(series.at(-1)?.score).toBeGreaterThanOrEqual(5);
      for (const result of series) {
        expect(result.score).toBeLessThan(7);
        expect(result.singleParameterTrigger).toBe(false);
      }
    }
  });

  it('takes a sepsis-like patient to the emergency band: fever, tachycardia, hypotension, oxygen, confusion', () => {
    const last = run('sepsis', 3).at(-1)?.vitals;
    expect(last).toMatchObject({ onOxygen: true, consciousness: 'C' });
    expect(last?.temperature).toBeGreaterThan(39);
    expect(last?.pulse).toBeGreaterThan(110);
    expect(last?.systolicBp).toBeLessThanOrEqual(90);
    expect(news2Score(last ?? ({} as never)).score).toBeGreaterThanOrEqual(7);
  });

  it('emits FHIR Observations the monitor reads back to the same values, at the configured rate', () => {
    const [first, second] = run('deteriorating', 5, 2);
    expect(Date.parse(second?.at ?? '') - Date.parse(first?.at ?? '')).toBe(15 * 60_000);
    const readings = (first?.observations ?? []).flatMap(readVitalSigns);
    const back = Object.fromEntries(readings.map((r) => [r.parameter, r.value]));
    expect(back).toEqual(first?.vitals);
    expect(first?.observations.every((o) => o.subject?.reference === 'Patient/p1')).toBe(true);
  });
});
