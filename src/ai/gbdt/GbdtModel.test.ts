import { describe, expect, it } from 'vitest';
import { FeatureMismatchError, ModelFormatError } from '../aiErrors.ts';
import { takeRows } from '../data/FeatureMatrix.ts';
import { syntheticBinaryDataset } from '../data/syntheticBinaryDataset.ts';
import { GbdtModel } from './GbdtModel.ts';
import { trainGbdt } from './trainGbdt.ts';

describe('GbdtModel', () => {
  const data = syntheticBinaryDataset({ rows: 1_000, features: 5, seed: 3, missingRate: 0.1 });
  const { model } = trainGbdt(data, { rounds: 15, maxDepth: 4 });

  it('round-trips through JSON text to identical predictions', () => {
    const restored = GbdtModel.fromJson(JSON.parse(JSON.stringify(model.toJson())));
    expect(Array.from(restored.predictMargin(data))).toEqual(Array.from(model.predictMargin(data)));
    expect(restored.objective).toBe('binary:logistic');
    expect(restored.featureNames).toEqual(data.featureNames);
  });

  it('predicts probabilities as the sigmoid of the margin', () => {
    const margin = model.predictMargin(data);
    const p = model.predict(data);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-(margin[0] as number))), 12);
  });

  it('refuses other formats, versions and malformed trees', () => {
    const json = model.toJson();
    expect(() => GbdtModel.fromJson({ ...json, format: 'xgboost' })).toThrow(ModelFormatError);
    expect(() => GbdtModel.fromJson({ ...json, version: 2 })).toThrow(/version 2/);
    const [first, ...rest] = json.trees;
    if (!first) throw new Error('no trees');
    expect(() =>
      GbdtModel.fromJson({ ...json, trees: [{ ...first, left: first.left.slice(1) }, ...rest] }),
    ).toThrow(/"left"/);
    expect(() =>
      GbdtModel.fromJson({ ...json, trees: [{ ...first, left: first.left.map(() => 0) }] }),
    ).toThrow(/child index/);
  });

  it('refuses rows with other features', () => {
    const narrower = { ...takeRows(data, [0, 1]), featureNames: ['a', 'b', 'c', 'd', 'e'] };
    expect(() => model.predict(narrower)).toThrow(FeatureMismatchError);
  });
});
