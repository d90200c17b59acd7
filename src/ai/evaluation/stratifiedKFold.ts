import { InvalidTrainingInputError } from '../aiErrors.ts';
import type { SeededRandom } from '../random/SeededRandom.ts';

/** One fold of a cross-validation: the rows to train on and the held-out rows to test on. */
export type Fold = { readonly train: Uint32Array; readonly test: Uint32Array };

/**
 * Stratified k-fold split of 0/1 labels: each class is shuffled with `random` and dealt round-robin over the folds,
 * so every fold keeps the class balance and every row is held out exactly once.
 */
export function stratifiedKFold(labels: ArrayLike<number>, folds: number, random: SeededRandom): Fold[] {
  if (!Number.isInteger(folds) || folds < 2)
    throw new InvalidTrainingInputError(`folds must be an integer >= 2, got ${folds}`);
  const byClass: [number[], number[]] = [[], []];
  for (let i = 0; i < labels.length; i++) byClass[labels[i] === 1 ? 1 : 0].push(i);
  if (byClass[0].length < folds || byClass[1].length < folds)
    throw new InvalidTrainingInputError(
      `${folds} folds need at least ${folds} rows of each class (have ${byClass[0].length} and ${byClass[1].length})`,
    );
  const assignment = new Uint32Array(labels.length);
  let next = 0;
  for (const rows of byClass) {
    random.shuffle(rows);
    for (const row of rows) {
      assignment[row] = next;
      next = (next + 1) % folds;
    }
  }
  return Array.from({ length: folds }, (_, k) => {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < labels.length; i++) (assignment[i] === k ? test : train).push(i);
    return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
  });
}
