import { describe, expect, it } from 'vitest';
import { AveragedPerceptron } from './AveragedPerceptron.ts';

describe('AveragedPerceptron', () => {
  it('learns a separable three-class problem and averages its weights', () => {
    // feature k fires for class k; feature 3 fires everywhere (noise)
    const examples = [0, 1, 2, 0, 1, 2].map((label) => ({ label, features: [label, 3] }));
    const model = new AveragedPerceptron(4, 3);
    const scores = new Float64Array(3);
    const predict = (features: number[]) => {
      scores.fill(0);
      model.score(features, scores);
      return scores.indexOf(Math.max(...scores));
    };
    for (let epoch = 0; epoch < 3; epoch++)
      for (const { label, features } of examples) model.update(label, predict(features), features);
    const before = Array.from(model.weights);
    model.average();
    for (const { label, features } of examples) expect(predict(features)).toBe(label);
    // averaging shrinks weights learned late, so at least one weight changed
    expect(Array.from(model.weights)).not.toEqual(before);
  });
});
