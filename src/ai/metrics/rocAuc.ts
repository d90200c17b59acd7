import { InvalidTrainingInputError } from '../aiErrors.ts';

/** Indices of `scores` sorted by ascending score (stable). */
export function ascendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
}

/** Throws unless labels and scores pair up and both classes occur; returns the positive count. */
export function countPositives(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  if (labels.length !== scores.length)
    throw new InvalidTrainingInputError(`${labels.length} labels but ${scores.length} scores`);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  if (positives === 0 || positives === labels.length)
    throw new InvalidTrainingInputError('ROC and PR curves need both classes among the labels');
  return positives;
}

/**
 * Area under the ROC curve (the probability that a random positive outscores a random negative), from the rank-sum
 * (Mann–Whitney U) with tied scores given their average rank, so ties count one half as in scikit-learn.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const positives = countPositives(labels, scores);
  const negatives = labels.length - positives;
  const order = ascendingOrder(scores);
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    const score = scores[order[i] as number] as number;
    while (j + 1 < order.length && scores[order[j + 1] as number] === score) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k] as number] === 1) rankSum += averageRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
