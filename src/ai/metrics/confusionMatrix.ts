import { InvalidTrainingInputError } from '../aiErrors.ts';

/** Counts of a binary decision against the truth, with the rates people ask for. */
export type ConfusionMatrix = {
  readonly threshold: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly specificity: number;
  readonly accuracy: number;
};

/** The confusion matrix when a row is called positive at `score >= threshold` (a rate with no denominator is 0). */
export function confusionMatrix(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): ConfusionMatrix {
  if (labels.length !== scores.length)
    throw new InvalidTrainingInputError('labels and scores differ in length');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const called = (scores[i] as number) >= threshold;
    if (labels[i] === 1) {
      if (called) tp++;
      else fn++;
    } else if (called) fp++;
    else tn++;
  }
  const rate = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    threshold,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    precision: rate(tp, tp + fp),
    recall: rate(tp, tp + fn),
    specificity: rate(tn, tn + fp),
    accuracy: rate(tp + tn, labels.length),
  };
}
