import { describe, expect, it } from 'vitest';
import { featureMatrixFromRows, type LabelledDataset } from '../data/FeatureMatrix.ts';
import { sigmoid } from '../math/logistic.ts';
import { SeededRandom } from '../random/SeededRandom.ts';
import { LogisticRegression } from './LogisticRegression.ts';
import { solveCholesky } from './solveCholesky.ts';

function logisticData(n: number, seed: number): LabelledDataset {
  const random = new SeededRandom(seed);
  const rows: number[][] = [];
  const target: number[] = [];
  for (let i = 0; i < n; i++) {
    // Feature 1 has mean 100 and spread 10: standardisation must make its scale irrelevant.
    const row = [random.nextGaussian(), 100 + 10 * random.nextGaussian(), random.nextGaussian()];
    rows.push(row);
    const logit = -0.5 + 2 * (row[0] as number) - 0.1 * ((row[1] as number) - 100);
    target.push(random.nextFloat() < sigmoid(logit) ? 1 : 0);
  }
  return { ...featureMatrixFromRows(rows), target: Float64Array.from(target) };
}

describe('LogisticRegression', () => {
  it('recovers the generating coefficients', () => {
    const model = LogisticRegression.fit(logisticData(20_000, 1), { l2: 1e-6 });
    // Standardised weights: true raw weight × the feature's spread (1, 10, 1).
    expect(model.weights[0]).toBeCloseTo(2, 1);
    expect(model.weights[1]).toBeCloseTo(-1, 1);
    expect(Math.abs(model.weights[2] as number)).toBeLessThan(0.06);
    const raw = model.rawCoefficients();
    expect(raw.weights[0]).toBeCloseTo(2, 1);
    expect(raw.weights[1]).toBeCloseTo(-0.1, 2);
    // In raw units the intercept absorbs feature 1's offset: −0.5 + 0.1·100.
    expect(raw.intercept).toBeCloseTo(9.5, 0);
  });

  it('reaches the penalised optimum (zero gradient) and shrinks with more L2', () => {
    const data = logisticData(500, 2);
    const loose = LogisticRegression.fit(data, { l2: 0.1 });
    const tight = LogisticRegression.fit(data, { l2: 100 });
    expect(Math.abs(tight.weights[0] as number)).toBeLessThan(Math.abs(loose.weights[0] as number));
    const p = tight.predict(data);
    let interceptGradient = 0;
    for (let i = 0; i < data.rowCount; i++)
      interceptGradient += (p[i] as number) - (data.target[i] as number);
    expect(Math.abs(interceptGradient)).toBeLessThan(1e-6);
  });

  it('scores missing values as the training mean', () => {
    const data = logisticData(500, 3);
    const model = LogisticRegression.fit(data);
    const withMissing = model.predictMargin(featureMatrixFromRows([[Number.NaN, Number.NaN, Number.NaN]]));
    expect(withMissing[0]).toBeCloseTo(model.intercept, 12);
  });
});

describe('solveCholesky', () => {
  it('solves a positive-definite system and rejects an indefinite one', () => {
    const x = solveCholesky(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2);
    expect(Array.from(x ?? [])).toEqual([0.5, 0]);
    expect(solveCholesky(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toBeUndefined();
  });
});
