import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { takeLabelledRows } from '../data/FeatureMatrix.ts';
import { loadCsvDataset } from '../data/loadCsvDataset.ts';
import { trainGbdt } from '../gbdt/trainGbdt.ts';
import { FastTreeShap } from '../shap/FastTreeShap.ts';
import { crossValidate } from './crossValidate.ts';

/** The repository's own copies (data/tabular/PROVENANCE.md), never the shared folder. */
const csv = (name: string) => readFileSync(new URL(`../../../data/tabular/${name}`, import.meta.url), 'utf8');

describe('crossValidate on real clinical data (held-out folds)', () => {
  it('GBDT reaches AUC >= 0.97 on Wisconsin diagnostic breast cancer (XGBoost: ~0.99)', () => {
    const { dataset, positive } = loadCsvDataset(csv('wdbc_breast_cancer.csv'), {
      target: 'target',
      positive: 'malignant',
    });
    expect(positive).toBe('malignant');
    expect(dataset.rowCount).toBe(569);
    expect(dataset.featureNames).toHaveLength(30);
    const cv = crossValidate(dataset, { model: 'gbdt', folds: 5, seed: 1 });
    expect(cv.folds).toHaveLength(5);
    expect(cv.mean.auc).toBeGreaterThanOrEqual(0.97);
    expect(cv.pooled.auc).toBeGreaterThanOrEqual(0.97);
    expect(cv.mean.brier).toBeLessThan(0.05);
  });

  it('GBDT reaches AUC >= 0.78 on Pima diabetes with its missing values (XGBoost: ~0.82)', () => {
    const { dataset } = loadCsvDataset(csv('pima_diabetes.csv'), { target: 'diabetes', positive: 'pos' });
    expect(dataset.rowCount).toBe(768);
    expect(dataset.values.some((v) => Number.isNaN(v))).toBe(true);
    const cv = crossValidate(dataset, { model: 'gbdt', folds: 5, seed: 1 });
    expect(cv.mean.auc).toBeGreaterThanOrEqual(0.78);
    expect(cv.mean.ece).toBeLessThan(0.15);
    const logistic = crossValidate(dataset, { model: 'logistic', folds: 5, seed: 1 });
    expect(logistic.mean.auc).toBeGreaterThanOrEqual(0.78);
  });

  it('TreeSHAP values sum to the margin for every Pima row', () => {
    const { dataset } = loadCsvDataset(csv('pima_diabetes.csv'), { target: 'diabetes' });
    const { model } = trainGbdt(dataset, { rounds: 100, maxDepth: 6, learningRate: 0.1 });
    const explanation = new FastTreeShap(model).explain(dataset);
    const margin = model.predictMargin(dataset);
    const k = dataset.featureNames.length;
    for (let row = 0; row < dataset.rowCount; row++) {
      let sum = explanation.expectedValue;
      for (let f = 0; f < k; f++) sum += explanation.values[row * k + f] as number;
      expect(Math.abs(sum - (margin[row] as number))).toBeLessThan(1e-9);
    }
  });
});

describe('crossValidate on small data', () => {
  it('falls back to a fixed tree count when a class is too rare to hold out for early stopping', () => {
    const { dataset } = loadCsvDataset(csv('pima_diabetes.csv'), { target: 'diabetes' });
    const rows = Uint32Array.from({ length: 60 }, (_, i) => i);
    const small = takeLabelledRows(dataset, rows);
    const cv = crossValidate(small, { model: 'gbdt', folds: 4, seed: 2 });
    expect(cv.folds.every((f) => f.trees === 100)).toBe(true);
    expect(cv.mean.auc).toBeGreaterThan(0.6);
  });
});
