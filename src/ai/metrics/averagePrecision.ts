import { ascendingOrder, countPositives } from './rocAuc.ts';

/**
 * Area under the precision–recall curve as average precision (scikit-learn's definition): the sum over distinct
 * score thresholds, highest first, of precision at the threshold times the recall it adds. Tied scores form one step.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const positives = countPositives(labels, scores);
  const order = ascendingOrder(scores);
  let truePositives = 0;
  let predicted = 0;
  let previousRecall = 0;
  let ap = 0;
  let i = order.length - 1;
  while (i >= 0) {
    const score = scores[order[i] as number] as number;
    while (i >= 0 && scores[order[i] as number] === score) {
      truePositives += labels[order[i] as number] === 1 ? 1 : 0;
      predicted++;
      i--;
    }
    const recall = truePositives / positives;
    ap += (recall - previousRecall) * (truePositives / predicted);
    previousRecall = recall;
  }
  return ap;
}
