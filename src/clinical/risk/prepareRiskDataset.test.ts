import { describe, expect, it } from 'vitest';
import { prepareRiskDataset } from './prepareRiskDataset.ts';
import { RISK_DATASETS, type RiskDatasetSpec } from './riskDatasets.ts';

const header =
  '"id","time","status","trt","age","sex","ascites","hepato","spiders","edema","bili","chol","albumin","copper","alk.phos","ast","trig","platelet","protime","stage"';
const row = (id: number, time: number, status: number, sex = 'f') =>
  `${id},${time},${status},1,50.5,"${sex}",0,1,0,0,1.2,NA,3.5,50,1000,100,NA,250,10.5,3`;

describe('prepareRiskDataset', () => {
  it('labels PBC death within 4 years and leaves out outcomes censored before the horizon', () => {
    const csv = [
      header,
      row(1, 400, 2), // died at day 400: positive
      row(2, 1461, 2), // died on the horizon day: positive
      row(3, 1500, 2), // died after 4 years: negative
      row(4, 3000, 0, 'm'), // alive at last follow-up after 4 years: negative
      row(5, 900, 0), // censored before 4 years: unknown, left out
      row(6, 1000, 1), // transplanted before 4 years: unknown, left out
    ].join('\n');
    const prepared = prepareRiskDataset(RISK_DATASETS.pbc as RiskDatasetSpec, csv);
    expect(prepared.excludedRows).toBe(2);
    expect(Array.from(prepared.dataset.target)).toEqual([1, 1, 0, 0]);
    expect(Array.from(prepared.timeKey)).toEqual([1, 2, 3, 4]);
    const n = prepared.dataset.rowCount;
    const column = (name: string) => {
      const f = prepared.dataset.featureNames.indexOf(name);
      return Array.from(prepared.dataset.values.subarray(f * n, (f + 1) * n));
    };
    expect(column('female')).toEqual([1, 1, 1, 0]);
    expect(column('chol').every(Number.isNaN)).toBe(true);
    expect(column('bili')).toEqual([1.2, 1.2, 1.2, 1.2]);
    expect(prepared.dataset.featureNames).not.toContain('time');
    expect(prepared.dataset.featureNames).not.toContain('status');
  });

  it('reads the scikit-learn WDBC layout with malignant (class 0) as the positive label', () => {
    const values = Array.from({ length: 30 }, (_, i) => i + 1).join(',');
    const csv = ['3,30,malignant,benign', `${values},0`, `${values},1`, `${values},0`].join('\n');
    const prepared = prepareRiskDataset(RISK_DATASETS.wdbc as RiskDatasetSpec, csv);
    expect(Array.from(prepared.dataset.target)).toEqual([1, 0, 1]);
    expect(prepared.dataset.featureNames[0]).toBe('radius_mean');
    expect(prepared.dataset.featureNames[29]).toBe('fractal_dimension_worst');
  });
});
