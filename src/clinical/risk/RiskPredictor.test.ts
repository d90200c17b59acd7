import { describe, expect, it } from 'vitest';
import { featureMatrixFromRows } from '../../ai/data/FeatureMatrix.ts';
import { sigmoid } from '../../ai/math/logistic.ts';
import { RiskInputError } from '../clinicalErrors.ts';
import { RiskModelRegistry } from './RiskModelRegistry.ts';

const models = RiskModelRegistry.load();
// pregnant, glucose, pressure, triceps, insulin, mass, pedigree, age
const patient = [2, 183, 64, Number.NaN, Number.NaN, 35.1, 0.6, 41];
const logit = (p: number) => Math.log(p / (1 - p));

describe('RiskPredictor', () => {
  it('ships calibrated GBDT and logistic models for WDBC, Pima and PBC', () => {
    expect(models.ids()).toEqual([
      'risk-pbc-gbdt',
      'risk-pbc-logistic',
      'risk-pima-gbdt',
      'risk-pima-logistic',
      'risk-wdbc-gbdt',
      'risk-wdbc-logistic',
    ]);
  });

  for (const id of ['risk-pima-gbdt', 'risk-pima-logistic']) {
    it(`${id}: contributions add up to the calibrated log-odds and to the probability change`, () => {
      const predictor = models.get(id);
      const prediction = predictor.predict(patient);
      const logOdds = prediction.contributions.reduce((s, c) => s + c.logOdds, prediction.baseLogOdds);
      expect(logOdds).toBeCloseTo(logit(prediction.probability), 9);
      const change = prediction.contributions.reduce((s, c) => s + c.probability, 0);
      expect(change).toBeCloseTo(prediction.probability - sigmoid(prediction.baseLogOdds), 12);
      // The batch path scores the same row identically.
      const batch = predictor.probabilities(featureMatrixFromRows([patient], predictor.featureNames));
      expect(batch[0]).toBe(prediction.probability);
      expect(prediction.inputs[3]).toBeNull();
      expect(prediction.modelHash).toBe(predictor.hash);
      expect(prediction.modelHash).toMatch(/^[0-9a-f]{64}$/);
      expect(prediction.inputHash).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  it('explains in clinical words with units and direction: high glucose raises the diabetes risk', () => {
    const prediction = models.get('risk-pima-gbdt').predict(patient);
    const glucose = prediction.contributions.find((c) => c.feature === 'glucose');
    expect(glucose?.logOdds).toBeGreaterThan(0);
    expect(glucose?.text).toMatch(/^plasma glucose \(2-h OGTT\) 183 mg\/dL raised the risk by 0\.\d\d$/);
    const low = models.get('risk-pima-gbdt').predict([2, 85, 64, 20, 60, 22, 0.2, 25]);
    expect(low.contributions.find((c) => c.feature === 'glucose')?.text).toMatch(
      /85 mg\/dL lowered the risk/,
    );
    expect(low.probability).toBeLessThan(prediction.probability);
  });

  it('gives the logistic model exact linear contributions w·(x − training mean), 0 for a missing value', () => {
    const predictor = models.get('risk-pima-logistic');
    const linear = predictor.model.linear;
    const prediction = predictor.predict(patient);
    const glucose = prediction.contributions.find((c) => c.feature === 'glucose');
    const a = predictor.model.calibration.a;
    expect(glucose?.logOdds).toBeCloseTo(a * (linear?.weights[1] ?? 0) * (183 - (linear?.means[1] ?? 0)), 12);
    expect(prediction.contributions.find((c) => c.feature === 'triceps')?.logOdds).toBe(0);
  });

  it('gives a reasoning chain: tree rules whose conditions the row meets, then calibration and risk band', () => {
    const prediction = models.get('risk-pima-gbdt').predict(patient);
    const rules = prediction.reasoning.map((s) => s.rule);
    expect(rules.slice(0, 3).every((r) => r.startsWith('tree.'))).toBe(true);
    expect(rules.slice(3)).toEqual(['calibration.platt', `band.${prediction.qualitativeRisk}`]);
    expect(prediction.reasoning[0]?.text).toMatch(/^IF .+ THEN [+−]\d\.\d{3} log-odds \(tree \d+\)$/);
  });

  it('is deterministic to the bit and refuses a wrong-length input', () => {
    const predictor = models.get('risk-pbc-gbdt');
    const row = [55, 1, 0, 1, 1, 0, 3.2, 300, 3.4, 90, 1500, 120, 130, 250, 11, 3];
    expect(predictor.predict(row)).toEqual(predictor.predict(row));
    expect(() => predictor.predict([1, 2])).toThrow(RiskInputError);
  });
});
