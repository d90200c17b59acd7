import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { LogisticModel } from './LogisticModel.ts';
import { MlpModel } from './MlpModel.ts';
import type { ParametricModel } from './ParametricModel.ts';
import { trainLocally } from './trainLocally.ts';

const numericGradientCheck = (model: ParametricModel, seed: number) => {
  const random = new SeededRandom(seed);
  const theta = model.initialParameters(random).map((v) => v + 0.1 * random.nextGaussian());
  const x = Float64Array.from({ length: model.featureCount }, () => random.nextGaussian());
  const analytic = new Float64Array(model.parameterCount);
  model.addRowGradient(theta, x, 0, 1, 1, analytic);
  const loss = (t: Float64Array) => model.addRowGradient(t, x, 0, 1, 0, new Float64Array(t.length));
  for (let i = 0; i < model.parameterCount; i++) {
    const h = 1e-6;
    const up = Float64Array.from(theta);
    const down = Float64Array.from(theta);
    up[i] = (up[i] as number) + h;
    down[i] = (down[i] as number) - h;
    expect(analytic[i]).toBeCloseTo((loss(up) - loss(down)) / (2 * h), 5);
  }
};

describe('parametric models', () => {
  it('backpropagation matches numerical gradients (one and two hidden layers, logistic)', () => {
    numericGradientCheck(new MlpModel(5, [7]), 1);
    numericGradientCheck(new MlpModel(4, [6, 3]), 2);
    numericGradientCheck(new LogisticModel(6), 3);
  });

  it('an MLP learns XOR, which no linear model can', () => {
    const rows = 400;
    const random = new SeededRandom(9);
    const x = new Float64Array(rows * 2);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const a = random.nextFloat() * 2 - 1;
      const b = random.nextFloat() * 2 - 1;
      x[2 * r] = a;
      x[2 * r + 1] = b;
      y[r] = a * b > 0 ? 1 : 0;
    }
    const table = { rowCount: rows, featureCount: 2, x, y };
    const model = new MlpModel(2, [16, 8]);
    const trained = trainLocally(
      model,
      model.initialParameters(new SeededRandom(1)),
      table,
      { epochs: 200, batchSize: 32, learningRate: 0.01, optimizer: 'adam' },
      new SeededRandom(2),
    );
    let correct = 0;
    for (let r = 0; r < rows; r++)
      if (model.margin(trained.parameters, x, 2 * r) > 0 === (y[r] === 1)) correct++;
    expect(correct / rows).toBeGreaterThan(0.9);
  });

  it('the FedProx term keeps local parameters near the global ones', () => {
    const random = new SeededRandom(4);
    const rows = 200;
    const x = Float64Array.from({ length: rows * 3 }, () => random.nextGaussian());
    const y = Float64Array.from({ length: rows }, (_, r) => ((x[3 * r] as number) > 0 ? 1 : 0));
    const table = { rowCount: rows, featureCount: 3, x, y };
    const model = new LogisticModel(3);
    const start = new Float64Array(4);
    const distance = (mu: number) => {
      const { parameters } = trainLocally(
        model,
        start,
        table,
        { epochs: 20, batchSize: 20, learningRate: 0.1, optimizer: 'sgd', proximalMu: mu },
        new SeededRandom(5),
      );
      return Math.hypot(...parameters);
    };
    expect(distance(1)).toBeLessThan(0.5 * distance(0));
  });
});
