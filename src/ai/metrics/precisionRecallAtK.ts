import { InvalidTrainingInputError } from '../aiErrors.ts';

/** Precision and recall among the `k` highest-scored rows (the alerts a reviewer with capacity `k` would see). */
export type PrecisionRecallAtK = { readonly k: number; readonly precision: number; readonly recall: number };

/** Precision and recall at `k`; ties at the cut are broken by row order, so results are deterministic. */
export function precisionRecallAtK(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  k: number,
): PrecisionRecallAtK {
  if (labels.length !== scores.length)
    throw new InvalidTrainingInputError('labels and scores differ in length');
  if (!Number.isInteger(k) || k < 1 || k > labels.length)
    throw new InvalidTrainingInputError(`k must be 1..${labels.length}, got ${k}`);
  const order = Array.from({ length: labels.length }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  let hits = 0;
  for (let i = 0; i < k; i++) hits += labels[order[i] as number] === 1 ? 1 : 0;
  return { k, precision: hits / k, recall: positives === 0 ? 0 : hits / positives };
}
