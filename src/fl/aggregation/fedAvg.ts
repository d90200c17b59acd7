import { InvalidFederatedInputError } from '../flErrors.ts';
import { assertSameShape, type ModelUpdate } from './ModelUpdate.ts';

/** FedAvg (McMahan et al. 2017): the mean of the updates weighted by each site's sample count. */
export function fedAvg(updates: readonly ModelUpdate[]): Float64Array {
  const length = assertSameShape(updates);
  const total = updates.reduce((s, u) => s + u.sampleCount, 0);
  if (!(total > 0) || updates.some((u) => !(u.sampleCount >= 0)))
    throw new InvalidFederatedInputError('FedAvg needs non-negative sample counts with a positive total');
  const out = new Float64Array(length);
  for (const { vector, sampleCount } of updates) {
    const w = sampleCount / total;
    for (let i = 0; i < length; i++) out[i] = (out[i] as number) + w * (vector[i] as number);
  }
  return out;
}
