import { describe, expect, it } from 'vitest';
import { findVitalSigns } from './findVitalSigns.ts';

describe('findVitalSigns', () => {
  it('reads each vital sign with its unit and offsets', () => {
    const text = 'Vitals: BP 120/80, HR 72, temp 38.2 C, SpO2 95% on RA, RR 18, weight 70 kg.';
    const found = findVitalSigns(text);
    expect(found.map((v) => v.vital)).toEqual([
      'blood-pressure',
      'heart-rate',
      'temperature',
      'oxygen-saturation',
      'respiratory-rate',
      'body-weight',
    ]);
    expect(found.map((v) => text.slice(v.start, v.end))).toEqual([
      'BP 120/80',
      'HR 72',
      'temp 38.2 C',
      'SpO2 95%',
      'RR 18',
      'weight 70 kg',
    ]);
    expect(found[0]?.values.map((v) => v.value)).toEqual([120, 80]);
    expect(found[2]?.values[0]).toEqual({ value: 38.2, unit: '°C', ucum: 'Cel' });
  });

  it('infers the temperature scale and reads pounds', () => {
    const [fahrenheit] = findVitalSigns('Temperature: 101.3');
    expect(fahrenheit?.values[0]?.ucum).toBe('[degF]');
    expect(findVitalSigns('weighs 154 lbs')[0]?.values[0]).toEqual({
      value: 154,
      unit: 'lb',
      ucum: '[lb_av]',
    });
  });

  it('drops values no living patient has rather than guessing', () => {
    expect(findVitalSigns('HR 720, BP 80/120, SpO2 15%, temp 3 C')).toEqual([]);
  });
});
