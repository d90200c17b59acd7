import { describe, expect, it } from 'vitest';
import { GbdtModel } from '../../ai/gbdt/GbdtModel.ts';
import type { RiskFeature } from '../risk/RiskFeature.ts';
import { treePathRules } from './treePathRules.ts';

// Tree 0 splits on glucose ≤ 140, then BMI ≤ 30 on the right; tree 1 is a stump on glucose ≤ 160 (missing right).
const model = GbdtModel.fromJson({
  format: 'caduceus-gbdt',
  version: 1,
  objective: 'binary:logistic',
  baseScore: 0,
  featureNames: ['glucose', 'bmi'],
  featureGain: [1, 1],
  trees: [
    {
      feature: [0, -1, 1, -1, -1],
      threshold: [140, 0, 30, 0, 0],
      defaultLeft: [1, 0, 1, 0, 0],
      left: [1, -1, 3, -1, -1],
      right: [2, -1, 4, -1, -1],
      value: [0, -0.5, 0, 0.2, 0.9],
      cover: [10, 6, 4, 2, 2],
    },
    {
      feature: [0, -1, -1],
      threshold: [160, 0, 0],
      defaultLeft: [0, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, -0.1, 0.1],
      cover: [10, 5, 5],
    },
  ],
});
const features: RiskFeature[] = [
  { name: 'glucose', label: 'glucose', unit: 'mg/dL' },
  { name: 'bmi', label: 'BMI', unit: 'kg/m2' },
];

describe('treePathRules', () => {
  it('renders the paths of the trees that moved the row most, as if-then rules with the row inputs', () => {
    const rules = treePathRules(model, features, [183, 35], 2);
    // Tree 0: leaf 0.9 − mean (0.6·−0.5 + 0.2·0.2 + 0.2·0.9 = −0.08) = 0.98; tree 1: 0.1 − 0 = 0.1.
    expect(rules.map((r) => r.rule)).toEqual(['tree.0', 'tree.1']);
    expect(rules[0]?.text).toBe('IF glucose > 140 mg/dL AND BMI > 30 kg/m2 THEN +0.980 log-odds (tree 0)');
    expect(rules[0]?.inputs).toEqual({ glucose: 183, bmi: 35 });
    expect(rules[0]?.points).toBeCloseTo(0.98, 12);
    expect(rules[1]?.text).toBe('IF glucose > 160 mg/dL THEN +0.100 log-odds (tree 1)');
  });

  it('names missing values and the learned default branch they took', () => {
    const rules = treePathRules(model, features, [150, Number.NaN], 2);
    // BMI missing takes the learned default (left, leaf 0.2): 0.2 − (−0.08) = +0.28.
    expect(rules.find((r) => r.rule === 'tree.0')?.text).toBe(
      'IF glucose > 140 mg/dL AND BMI not recorded THEN +0.280 log-odds (tree 0)',
    );
    expect(rules.find((r) => r.rule === 'tree.1')?.text).toBe(
      'IF glucose ≤ 160 mg/dL THEN −0.100 log-odds (tree 1)',
    );
  });
});
