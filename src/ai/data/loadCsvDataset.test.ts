import { describe, expect, it } from 'vitest';
import { CsvParseError, InvalidTargetError, UnknownColumnError } from '../aiErrors.ts';
import { featureColumn } from './FeatureMatrix.ts';
import { loadCsvDataset } from './loadCsvDataset.ts';

const csv = [
  'age,sex,ward,score,outcome',
  '50,F,A,1.5,yes',
  'NA,M,B,,no',
  '61,F,,2.5,yes',
  '33,M,A,NA,',
  '45,,C,0.5,no',
].join('\n');

describe('loadCsvDataset', () => {
  it('codes numbers, missing values, one-hot categories and the label', () => {
    const { dataset, encodings, positive, droppedRows } = loadCsvDataset(csv, { target: 'outcome' });
    expect(positive).toBe('yes');
    expect(droppedRows).toBe(1);
    expect(Array.from(dataset.target)).toEqual([1, 0, 1, 0]);
    expect(dataset.featureNames).toEqual(['age', 'sex=F', 'sex=M', 'ward=A', 'ward=B', 'ward=C', 'score']);
    expect(Array.from(featureColumn(dataset, 0))).toEqual([50, Number.NaN, 61, 45]);
    expect(Array.from(featureColumn(dataset, 1))).toEqual([1, 0, 1, Number.NaN]);
    expect(Array.from(featureColumn(dataset, 5))).toEqual([0, 0, Number.NaN, 1]);
    expect(Array.from(featureColumn(dataset, 6))).toEqual([1.5, Number.NaN, 2.5, 0.5]);
    expect(encodings.map((e) => e.kind)).toEqual(['numeric', 'one-hot', 'one-hot', 'numeric']);
  });

  it('codes many-valued text columns as ordinal by frequency and honours --positive', () => {
    const rows = [
      'code,y',
      ...Array.from({ length: 30 }, (_, i) => `c${i % 15},${i % 3 === 0 ? 'a' : 'b'}`),
      'c0,a',
    ];
    const { dataset, encodings, positive } = loadCsvDataset(rows.join('\n'), {
      target: 'y',
      positive: 'a',
      maxOneHotCategories: 10,
    });
    expect(positive).toBe('a');
    expect(dataset.featureNames).toEqual(['code']);
    const encoding = encodings[0];
    expect(encoding?.kind).toBe('ordinal');
    // c0 occurs three times, so it is the most frequent value and gets code 0.
    expect(encoding && 'categories' in encoding ? encoding.categories[0] : undefined).toBe('c0');
    expect(dataset.values[0]).toBe(0);
    expect(dataset.target[0]).toBe(1);
  });

  it('reads a scikit-learn style header (rows, features, class names)', () => {
    const text = '3,2,malignant,benign\n1.0,2.0,0\n3.0,4.0,1\n5.0,6.0,0\n';
    const { dataset, positive } = loadCsvDataset(text, { target: 'target' });
    expect(dataset.featureNames).toEqual(['x0', 'x1']);
    expect(positive).toBe('malignant');
    expect(Array.from(dataset.target)).toEqual([1, 0, 1]);
    const byIndex = loadCsvDataset(text, { target: 'target', positive: '1' });
    expect(byIndex.positive).toBe('benign');
    expect(Array.from(byIndex.dataset.target)).toEqual([0, 1, 0]);
  });

  it('uses 1 as positive for 0/1 labels and explains bad targets', () => {
    const { dataset, positive } = loadCsvDataset('x,y\n1,0\n2,1\n3,1', { target: 'y' });
    expect(positive).toBe('1');
    expect(Array.from(dataset.target)).toEqual([0, 1, 1]);
    expect(() => loadCsvDataset('x,y\n1,a\n2,b\n3,c', { target: 'y' })).toThrow(InvalidTargetError);
    expect(() => loadCsvDataset('x,y\n1,a\n2,b', { target: 'y', positive: 'z' })).toThrow(/never occurs/);
    expect(() => loadCsvDataset('x,y\n1,a\n2,b', { target: 'label' })).toThrow(UnknownColumnError);
    expect(() => loadCsvDataset('x,y\n1,a,3\n2,b', { target: 'y' })).toThrow(CsvParseError);
  });
});
