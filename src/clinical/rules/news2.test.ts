import { describe, expect, it } from 'vitest';
import { type News2Vitals, news2Score } from './news2.ts';

const normal: News2Vitals = {
  respirationRate: 16,
  spo2: 98,
  onOxygen: false,
  systolicBp: 120,
  pulse: 70,
  consciousness: 'A',
  temperature: 37,
};

/** Points of one parameter alone: the score of otherwise normal vitals. */
const pointsOf = (change: Partial<News2Vitals>) => news2Score({ ...normal, ...change }).score;

describe('news2Score (RCP 2017 chart 1)', () => {
  it('scores 0 and low risk for normal vitals, with one rule per parameter and the band', () => {
    const result = news2Score(normal);
    expect(result.score).toBe(0);
    expect(result.risk).toBe('low');
    expect(result.reasoning).toHaveLength(8);
    expect(result.reasoning.at(-1)?.rule).toBe('news2.band.low');
  });

  it('scores respiration rate by the chart bands', () => {
    const expected: [number, number][] = [
      [8, 3],
      [9, 1],
      [11, 1],
      [12, 0],
      [20, 0],
      [21, 2],
      [24, 2],
      [25, 3],
    ];
    for (const [rr, points] of expected) expect(pointsOf({ respirationRate: rr })).toBe(points);
  });

  it('scores SpO2 scale 1 and supplemental oxygen', () => {
    const expected: [number, number][] = [
      [91, 3],
      [92, 2],
      [93, 2],
      [94, 1],
      [95, 1],
      [96, 0],
    ];
    for (const [spo2, points] of expected) expect(pointsOf({ spo2 })).toBe(points);
    expect(pointsOf({ onOxygen: true })).toBe(2);
  });

  it('scores systolic pressure, pulse, consciousness and temperature by the chart bands', () => {
    const sbp: [number, number][] = [
      [90, 3],
      [91, 2],
      [100, 2],
      [101, 1],
      [110, 1],
      [111, 0],
      [219, 0],
      [220, 3],
    ];
    for (const [systolicBp, points] of sbp) expect(pointsOf({ systolicBp })).toBe(points);
    const pulse: [number, number][] = [
      [40, 3],
      [41, 1],
      [50, 1],
      [51, 0],
      [90, 0],
      [91, 1],
      [110, 1],
      [111, 2],
      [130, 2],
      [131, 3],
    ];
    for (const [p, points] of pulse) expect(pointsOf({ pulse: p })).toBe(points);
    for (const c of ['C', 'V', 'P', 'U'] as const) expect(pointsOf({ consciousness: c })).toBe(3);
    const temperature: [number, number][] = [
      [35, 3],
      [35.1, 1],
      [36, 1],
      [36.1, 0],
      [38, 0],
      [38.1, 1],
      [39, 1],
      [39.1, 2],
    ];
    for (const [t, points] of temperature) expect(pointsOf({ temperature: t })).toBe(points);
  });

  it('raises low-medium on a single red score and bands the aggregate (5-6 medium, 7+ high)', () => {
    const red = news2Score({ ...normal, consciousness: 'V' });
    expect(red).toMatchObject({ score: 3, risk: 'low-medium', singleParameterTrigger: true });
    expect(news2Score({ ...normal, respirationRate: 22, pulse: 115, temperature: 38.5 })).toMatchObject({
      score: 5,
      risk: 'medium',
    });
    // A deteriorating (sepsis-like) patient: RR 24 (2), SpO2 95 (1), air (0), SBP 105 (1), pulse 115 (2),
    // alert (0), 38.5 °C (1) = 7.
    const septic = news2Score({
      respirationRate: 24,
      spo2: 95,
      onOxygen: false,
      systolicBp: 105,
      pulse: 115,
      consciousness: 'A',
      temperature: 38.5,
    });
    expect(septic.score).toBe(7);
    expect(septic.risk).toBe('high');
    expect(septic.reasoning.filter((s) => (s.points ?? 0) > 0).map((s) => s.rule)).toEqual([
      'news2.respirationRate.21-24',
      'news2.spo2.94-95',
      'news2.systolicBp.101-110',
      'news2.pulse.111-130',
      'news2.temperature.38.1-39.0',
    ]);
    expect(septic.reasoning[0]?.inputs).toEqual({ respirationRate: 24 });
  });

  it('refuses a missing measurement rather than scoring it 0', () => {
    expect(() => news2Score({ ...normal, pulse: Number.NaN })).toThrow(RangeError);
  });
});
