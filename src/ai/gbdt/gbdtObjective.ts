import { marginLogLoss, sigmoid } from '../math/logistic.ts';

/** The learning tasks the GBDT supports (XGBoost's names). */
export type GbdtObjectiveName = 'binary:logistic' | 'reg:squarederror';

/** What boosting needs from a loss: gradients, the starting margin, the output transform and a validation loss. */
export type GbdtObjective = {
  readonly name: GbdtObjectiveName;
  /** Writes first and second derivatives of the loss at each margin. */
  gradients(target: Float64Array, margin: Float64Array, grad: Float64Array, hess: Float64Array): void;
  /** The constant margin that minimises the loss before any tree. */
  baseScore(target: Float64Array): number;
  /** Margin to prediction (probability for logistic). */
  transform(margin: number): number;
  /** Mean loss for early stopping (log loss or RMSE; lower is better). */
  loss(target: Float64Array, margin: Float64Array): number;
};

const logistic: GbdtObjective = {
  name: 'binary:logistic',
  gradients(target, margin, grad, hess) {
    for (let i = 0; i < target.length; i++) {
      const p = sigmoid(margin[i] as number);
      grad[i] = p - (target[i] as number);
      hess[i] = Math.max(p * (1 - p), 1e-16);
    }
  },
  baseScore(target) {
    let sum = 0;
    for (let i = 0; i < target.length; i++) sum += target[i] as number;
    const p = Math.min(1 - 1e-6, Math.max(1e-6, sum / target.length));
    return Math.log(p / (1 - p));
  },
  transform: sigmoid,
  loss(target, margin) {
    let sum = 0;
    for (let i = 0; i < target.length; i++) {
      sum += marginLogLoss(margin[i] as number, target[i] as number);
    }
    return sum / target.length;
  },
};

const squaredError: GbdtObjective = {
  name: 'reg:squarederror',
  gradients(target, margin, grad, hess) {
    for (let i = 0; i < target.length; i++) {
      grad[i] = (margin[i] as number) - (target[i] as number);
      hess[i] = 1;
    }
  },
  baseScore(target) {
    let sum = 0;
    for (let i = 0; i < target.length; i++) sum += target[i] as number;
    return sum / target.length;
  },
  transform: (margin) => margin,
  loss(target, margin) {
    let sum = 0;
    for (let i = 0; i < target.length; i++) {
      const d = (margin[i] as number) - (target[i] as number);
      sum += d * d;
    }
    return Math.sqrt(sum / target.length);
  },
};

/** The objective with this name. */
export function gbdtObjective(name: GbdtObjectiveName): GbdtObjective {
  return name === 'binary:logistic' ? logistic : squaredError;
}
