import { sigmoid } from '../../ai/math/logistic.ts';
import type { ParametricModel } from './ParametricModel.ts';
import type { TrainingTable } from './TrainingTable.ts';

/** The model's probability of the positive class for every row of `table`. */
export function predictProbabilities(
  model: ParametricModel,
  parameters: Float64Array,
  table: TrainingTable,
): Float64Array {
  const out = new Float64Array(table.rowCount);
  for (let r = 0; r < table.rowCount; r++)
    out[r] = sigmoid(model.margin(parameters, table.x, r * table.featureCount));
  return out;
}
