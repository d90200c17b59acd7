import { marginLogLoss, sigmoid } from '../../ai/math/logistic.ts';
import type { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import type { ParametricModel } from './ParametricModel.ts';

/**
 * A small multilayer perceptron: one or two ReLU hidden layers and a sigmoid output, all parameters in one vector
 * (per layer: weights `out × in` row by row, then biases). He-initialised from a seed. Gradients are exact
 * backpropagation of one row at a time, which per-example clipping (DP-SGD) needs anyway.
 */
export class MlpModel implements ParametricModel {
  readonly kind = 'mlp';
  readonly parameterCount: number;
  private readonly sizes: readonly number[];
  private readonly offsets: readonly number[];
  private readonly activations: Float64Array[];
  private readonly deltas: Float64Array[];

  constructor(
    readonly featureCount: number,
    readonly hiddenLayers: readonly number[] = [16],
  ) {
    if (
      hiddenLayers.length < 1 ||
      hiddenLayers.length > 2 ||
      hiddenLayers.some((h) => !(Number.isInteger(h) && h >= 1))
    )
      throw new InvalidFederatedInputError('An MLP has one or two hidden layers of at least one unit');
    this.sizes = [featureCount, ...hiddenLayers, 1];
    const offsets: number[] = [];
    let total = 0;
    for (let l = 1; l < this.sizes.length; l++) {
      offsets.push(total);
      total += (this.sizes[l] as number) * ((this.sizes[l - 1] as number) + 1);
    }
    this.offsets = offsets;
    this.parameterCount = total;
    this.activations = this.sizes.map((s) => new Float64Array(s));
    this.deltas = this.sizes.map((s) => new Float64Array(s));
  }

  initialParameters(random: SeededRandom): Float64Array {
    const parameters = new Float64Array(this.parameterCount);
    for (let l = 1; l < this.sizes.length; l++) {
      const fanIn = this.sizes[l - 1] as number;
      const fanOut = this.sizes[l] as number;
      const std = Math.sqrt(2 / fanIn);
      const offset = this.offsets[l - 1] as number;
      // Biases (after the weights) stay 0.
      for (let i = 0; i < fanOut * fanIn; i++) parameters[offset + i] = random.nextGaussian() * std;
    }
    return parameters;
  }

  margin(parameters: Float64Array, x: Float64Array, offset: number): number {
    return this.forward(parameters, x, offset);
  }

  addRowGradient(
    parameters: Float64Array,
    x: Float64Array,
    offset: number,
    label: number,
    scale: number,
    out: Float64Array,
  ): number {
    const m = this.forward(parameters, x, offset);
    const layers = this.sizes.length - 1;
    (this.deltas[layers] as Float64Array)[0] = (sigmoid(m) - label) * scale;
    for (let l = layers; l >= 1; l--) {
      const fanIn = this.sizes[l - 1] as number;
      const fanOut = this.sizes[l] as number;
      const base = this.offsets[l - 1] as number;
      const input = this.activations[l - 1] as Float64Array;
      const delta = this.deltas[l] as Float64Array;
      const below = this.deltas[l - 1] as Float64Array;
      if (l > 1) below.fill(0);
      for (let o = 0; o < fanOut; o++) {
        const d = delta[o] as number;
        if (d === 0) continue;
        const row = base + o * fanIn;
        for (let i = 0; i < fanIn; i++) {
          out[row + i] = (out[row + i] as number) + d * (input[i] as number);
          if (l > 1) below[i] = (below[i] as number) + d * (parameters[row + i] as number);
        }
        const bias = base + fanOut * fanIn + o;
        out[bias] = (out[bias] as number) + d;
      }
      // ReLU: the gradient passes only where the unit was active.
      if (l > 1) for (let i = 0; i < fanIn; i++) if ((input[i] as number) <= 0) below[i] = 0;
    }
    return marginLogLoss(m, label);
  }

  /** Runs the layers, leaving every activation in `this.activations`; returns the output margin. */
  private forward(parameters: Float64Array, x: Float64Array, offset: number): number {
    const first = this.activations[0] as Float64Array;
    for (let i = 0; i < this.featureCount; i++) first[i] = x[offset + i] as number;
    const layers = this.sizes.length - 1;
    for (let l = 1; l <= layers; l++) {
      const fanIn = this.sizes[l - 1] as number;
      const fanOut = this.sizes[l] as number;
      const base = this.offsets[l - 1] as number;
      const input = this.activations[l - 1] as Float64Array;
      const output = this.activations[l] as Float64Array;
      for (let o = 0; o < fanOut; o++) {
        let z = parameters[base + fanOut * fanIn + o] as number;
        const row = base + o * fanIn;
        for (let i = 0; i < fanIn; i++) z += (parameters[row + i] as number) * (input[i] as number);
        output[o] = l === layers || z > 0 ? z : 0;
      }
    }
    return (this.activations[layers] as Float64Array)[0] as number;
  }
}
