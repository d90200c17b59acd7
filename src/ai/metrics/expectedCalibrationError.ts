import { InvalidTrainingInputError } from '../aiErrors.ts';

/**
 * Expected calibration error: probabilities are put in `bins` equal-width bins over [0, 1] (1 in the last), and the
 * gaps between each bin's mean probability and its share of positives are averaged, weighted by the bin's size.
 */
export function expectedCalibrationError(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  bins = 10,
): number {
  if (labels.length !== probabilities.length || labels.length === 0)
    throw new InvalidTrainingInputError(`${labels.length} labels but ${probabilities.length} probabilities`);
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i] as number;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b] = (count[b] as number) + 1;
    sumP[b] = (sumP[b] as number) + p;
    sumY[b] = (sumY[b] as number) + (labels[i] as number);
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const n = count[b] as number;
    if (n > 0) ece += Math.abs((sumP[b] as number) - (sumY[b] as number)) / labels.length;
  }
  return ece;
}
