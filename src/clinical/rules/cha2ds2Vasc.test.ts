import { describe, expect, it } from 'vitest';
import { type Cha2ds2VascInputs, cha2ds2VascScore } from './cha2ds2Vasc.ts';

const none: Cha2ds2VascInputs = {
  age: 50,
  female: false,
  congestiveHeartFailure: false,
  hypertension: false,
  diabetes: false,
  strokeOrTia: false,
  vascularDisease: false,
};

describe('cha2ds2VascScore (Lip 2010)', () => {
  it('scores 0 for a young man with no risk factors', () => {
    expect(cha2ds2VascScore(none).score).toBe(0);
  });

  it('gives age 1 point at 65-74 and 2 at 75 and over, never both', () => {
    expect(cha2ds2VascScore({ ...none, age: 64 }).score).toBe(0);
    expect(cha2ds2VascScore({ ...none, age: 65 }).score).toBe(1);
    expect(cha2ds2VascScore({ ...none, age: 74 }).score).toBe(1);
    expect(cha2ds2VascScore({ ...none, age: 75 }).score).toBe(2);
  });

  it('adds the weighted items: a 76-year-old woman with hypertension and a prior stroke scores 6', () => {
    const result = cha2ds2VascScore({
      ...none,
      age: 76,
      female: true,
      hypertension: true,
      strokeOrTia: true,
    });
    expect(result.score).toBe(6);
    expect(result.reasoning.map((s) => s.rule)).toEqual([
      'cha2ds2vasc.hypertension',
      'cha2ds2vasc.age-75-or-more',
      'cha2ds2vasc.stroke',
      'cha2ds2vasc.female',
      'cha2ds2vasc.total',
    ]);
  });

  it('reaches the maximum of 9 with every item', () => {
    const all = {
      age: 80,
      female: true,
      congestiveHeartFailure: true,
      hypertension: true,
      diabetes: true,
      strokeOrTia: true,
      vascularDisease: true,
    };
    expect(cha2ds2VascScore(all).score).toBe(9);
  });
});
