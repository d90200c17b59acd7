import type { SeededRandom } from '../../ai/random/SeededRandom.ts';

/** The parametric models federated averaging trains. */
export type ParametricModelKind = 'logistic' | 'mlp';

/**
 * A binary classifier whose whole state is one `Float64Array` of parameters, so a model update is a vector that
 * aggregators, secure aggregation and differential privacy treat alike. The loss is log loss on a sigmoid output.
 */
export interface ParametricModel {
  readonly kind: ParametricModelKind;
  readonly featureCount: number;
  readonly parameterCount: number;
  /** Seeded initial parameters (every site starts from the coordinator's copy, so this runs once). */
  initialParameters(random: SeededRandom): Float64Array;
  /** The margin (log-odds) of the row starting at `x[offset]`. */
  margin(parameters: Float64Array, x: Float64Array, offset: number): number;
  /** Adds `scale` × the gradient of one row's log loss to `out`; returns that row's loss. */
  addRowGradient(
    parameters: Float64Array,
    x: Float64Array,
    offset: number,
    label: number,
    scale: number,
    out: Float64Array,
  ): number;
}
