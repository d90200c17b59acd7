import { describe, expect, it } from 'vitest';
import { InvalidTrainingInputError } from '../aiErrors.ts';
import { precisionRecallAtK } from './precisionRecallAtK.ts';

describe('precisionRecallAtK', () => {
  it('counts hits among the k highest scores', () => {
    const labels = [1, 0, 1, 0, 1];
    const scores = [0.9, 0.8, 0.1, 0.7, 0.6];
    expect(precisionRecallAtK(labels, scores, 2)).toEqual({ k: 2, precision: 0.5, recall: 1 / 3 });
    expect(precisionRecallAtK(labels, scores, 4)).toEqual({ k: 4, precision: 0.5, recall: 2 / 3 });
    expect(() => precisionRecallAtK(labels, scores, 0)).toThrow(InvalidTrainingInputError);
  });
});
