import { marginLogLoss, sigmoid } from '../../ai/math/logistic.ts';
import type { SeededRandom } from '../../ai/random/SeededRandom.ts';
import type { ParametricModel } from './ParametricModel.ts';

/** Logistic regression as a parameter vector `[intercept, w_0 … w_{p-1}]` on standardised features. */
export class LogisticModel implements ParametricModel {
  readonly kind = 'logistic';
  readonly parameterCount: number;

  constructor(readonly featureCount: number) {
    this.parameterCount = featureCount + 1;
  }

  initialParameters(_random: SeededRandom): Float64Array {
    // The loss is convex: zeros are as good a start as any and identical at every site.
    return new Float64Array(this.parameterCount);
  }

  margin(parameters: Float64Array, x: Float64Array, offset: number): number {
    let m = parameters[0] as number;
    for (let f = 0; f < this.featureCount; f++)
      m += (parameters[f + 1] as number) * (x[offset + f] as number);
    return m;
  }

  addRowGradient(
    parameters: Float64Array,
    x: Float64Array,
    offset: number,
    label: number,
    scale: number,
    out: Float64Array,
  ): number {
    const m = this.margin(parameters, x, offset);
    const residual = (sigmoid(m) - label) * scale;
    out[0] = (out[0] as number) + residual;
    for (let f = 0; f < this.featureCount; f++)
      out[f + 1] = (out[f + 1] as number) + residual * (x[offset + f] as number);
    return marginLogLoss(m, label);
  }
}
