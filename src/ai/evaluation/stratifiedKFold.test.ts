import { describe, expect, it } from 'vitest';
import { InvalidTrainingInputError } from '../aiErrors.ts';
import { SeededRandom } from '../random/SeededRandom.ts';
import { stratifiedKFold } from './stratifiedKFold.ts';

describe('stratifiedKFold', () => {
  it('holds out every row once and keeps the class balance in each fold', () => {
    const labels = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const folds = stratifiedKFold(labels, 5, new SeededRandom(3));
    const seen = new Array(103).fill(0);
    for (const fold of folds) {
      expect(fold.train.length + fold.test.length).toBe(103);
      const testSet = new Set(fold.test);
      for (const row of fold.train) expect(testSet.has(row)).toBe(false);
      for (const row of fold.test) seen[row]++;
      const positives = Array.from(fold.test).filter((r) => labels[r] === 1).length;
      expect(positives === 5 || positives === 6).toBe(true);
    }
    expect(seen.every((n) => n === 1)).toBe(true);
    expect(stratifiedKFold(labels, 5, new SeededRandom(3))).toEqual(folds);
  });

  it('refuses more folds than rows of a class', () => {
    expect(() => stratifiedKFold([1, 0, 0, 0], 2, new SeededRandom(1))).toThrow(InvalidTrainingInputError);
  });
});
