import { InvalidTrainingInputError } from '../aiErrors.ts';

/** Mean squared difference between predicted probabilities and 0/1 outcomes (lower is better; 0.25 is a coin). */
export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  if (labels.length !== probabilities.length || labels.length === 0)
    throw new InvalidTrainingInputError(`${labels.length} labels but ${probabilities.length} probabilities`);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const d = (probabilities[i] as number) - (labels[i] as number);
    sum += d * d;
  }
  return sum / labels.length;
}
