import { UpdateShapeMismatchError } from '../flErrors.ts';

/** One site's contribution to a round: a parameter vector (or delta) and the number of rows behind it. */
export type ModelUpdate = {
  readonly vector: Float64Array;
  readonly sampleCount: number;
};

/** Combines the updates of one round into one vector. */
export type Aggregator = (updates: readonly ModelUpdate[]) => Float64Array;

/** Throws unless there is at least one update and all have the same length; returns that length. */
export function assertSameShape(updates: readonly ModelUpdate[]): number {
  const first = updates[0];
  if (!first) throw new UpdateShapeMismatchError('No updates to aggregate');
  const length = first.vector.length;
  if (updates.some((u) => u.vector.length !== length))
    throw new UpdateShapeMismatchError(`Updates differ in length (expected ${length} values each)`);
  return length;
}
