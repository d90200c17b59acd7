import { describe, expect, it } from 'vitest';
import { InvalidTrainingInputError } from '../aiErrors.ts';
import { rocAuc } from './rocAuc.ts';

describe('rocAuc', () => {
  it('is the share of positive–negative pairs ranked correctly, ties counting one half', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0, 1], [0.2, 0.9])).toBe(1);
    expect(rocAuc([1, 0], [0.2, 0.9])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // Pairs: (p0.6 vs n0.6) tie = 0.5, (p0.6 vs n0.2) = 1, (p0.9 vs both) = 2 → 3.5 / 4.
    expect(rocAuc([1, 0, 1, 0], [0.6, 0.6, 0.9, 0.2])).toBeCloseTo(0.875, 12);
  });

  it('matches the pairwise definition on random scores with many ties', () => {
    const labels: number[] = [];
    const scores: number[] = [];
    for (let i = 0; i < 300; i++) {
      labels.push(i % 3 === 0 ? 1 : 0);
      scores.push(((i * 37) % 11) / 10 + (i % 3 === 0 ? 0.2 : 0));
    }
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < labels.length; i++)
      for (let j = 0; j < labels.length; j++)
        if (labels[i] === 1 && labels[j] === 0) {
          pairs++;
          wins += (scores[i] as number) > (scores[j] as number) ? 1 : scores[i] === scores[j] ? 0.5 : 0;
        }
    expect(rocAuc(labels, scores)).toBeCloseTo(wins / pairs, 12);
  });

  it('refuses a single class', () => {
    expect(() => rocAuc([1, 1], [0.1, 0.2])).toThrow(InvalidTrainingInputError);
  });
});
