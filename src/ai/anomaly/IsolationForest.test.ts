import { describe, expect, it } from 'vitest';
import { InvalidTrainingInputError, ModelFormatError } from '../aiErrors.ts';
import { featureMatrixFromRows } from '../data/FeatureMatrix.ts';
import { rocAuc } from '../metrics/rocAuc.ts';
import { SeededRandom } from '../random/SeededRandom.ts';
import { averagePathLength, IsolationForest } from './IsolationForest.ts';

/** 2,000 inliers from two Gaussian clusters plus 40 planted outliers scattered far from both. */
function plantedOutliers(seed: number) {
  const random = new SeededRandom(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const centre = i % 2 === 0 ? 0 : 6;
    rows.push(Array.from({ length: 5 }, () => centre + random.nextGaussian()));
    labels.push(0);
  }
  for (let i = 0; i < 40; i++) {
    rows.push(
      Array.from({ length: 5 }, () => (random.nextFloat() < 0.5 ? -1 : 1) * (6 + random.nextFloat() * 6) + 3),
    );
    labels.push(1);
  }
  return { matrix: featureMatrixFromRows(rows), labels };
}

describe('IsolationForest', () => {
  it('computes c(n) as in Liu et al. 2008', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(256)).toBeCloseTo(2 * (Math.log(255) + 0.5772156649) - (2 * 255) / 256, 10);
  });

  it('separates planted outliers (AUC > 0.95) with scores above 0.5 for them', () => {
    const { matrix, labels } = plantedOutliers(1);
    const forest = IsolationForest.fit(matrix, { seed: 2 });
    const scores = forest.score(matrix);
    expect(rocAuc(labels, scores)).toBeGreaterThan(0.95);
    let outlierMean = 0;
    let inlierMean = 0;
    labels.forEach((y, i) => {
      if (y === 1) outlierMean += (scores[i] as number) / 40;
      else inlierMean += (scores[i] as number) / 2_000;
    });
    expect(outlierMean).toBeGreaterThan(0.6);
    expect(inlierMean).toBeLessThan(0.5);
  });

  it('treats a missing value as the median and round-trips through JSON', () => {
    const { matrix } = plantedOutliers(3);
    const forest = IsolationForest.fit(matrix, { trees: 50, seed: 4 });
    const probe = featureMatrixFromRows([
      [Number.NaN, 0, 0, 0, 0],
      [40, 40, 40, 40, 40],
    ]);
    const scores = forest.score(probe);
    expect(scores[0]).toBeLessThan(scores[1] as number);
    const restored = IsolationForest.fromJson(JSON.parse(JSON.stringify(forest.toJson())));
    expect(Array.from(restored.score(probe))).toEqual(Array.from(scores));
    expect(() => IsolationForest.fromJson({ format: 'other' })).toThrow(ModelFormatError);
    expect(() => IsolationForest.fit(featureMatrixFromRows([[1]]))).toThrow(InvalidTrainingInputError);
  });
});
