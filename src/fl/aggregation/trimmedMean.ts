import { InvalidFederatedInputError } from '../flErrors.ts';
import { type Aggregator, assertSameShape, type ModelUpdate } from './ModelUpdate.ts';

/**
 * Coordinate-wise trimmed mean (Yin et al. 2018): per parameter, drop the ⌊β·k⌋ largest and smallest of the k
 * sites' values and average the rest. β must leave at least one value (β < 0.5).
 */
export function trimmedMean(beta: number): Aggregator {
  if (!(beta >= 0 && beta < 0.5))
    throw new InvalidFederatedInputError(`beta must be in [0, 0.5), got ${beta}`);
  return (updates: readonly ModelUpdate[]): Float64Array => {
    const length = assertSameShape(updates);
    const k = updates.length;
    const trim = Math.floor(beta * k);
    const column = new Float64Array(k);
    const out = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      for (let s = 0; s < k; s++) column[s] = (updates[s] as ModelUpdate).vector[i] as number;
      column.sort();
      let sum = 0;
      for (let s = trim; s < k - trim; s++) sum += column[s] as number;
      out[i] = sum / (k - 2 * trim);
    }
    return out;
  };
}
