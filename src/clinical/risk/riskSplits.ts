import { stratifiedKFold } from '../../ai/evaluation/stratifiedKFold.ts';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';

/** Rows to train on, to fit the calibration on, and to test on: three disjoint sets. */
export type RiskSplit = {
  readonly kind: 'random' | 'temporal';
  readonly train: Uint32Array;
  readonly calibration: Uint32Array;
  readonly test: Uint32Array;
};

/** Stratified 60/20/20: five seeded stratified folds, fold 0 tested, fold 1 calibrates, the rest train. */
export function randomRiskSplit(labels: ArrayLike<number>, seed: number): RiskSplit {
  const folds = stratifiedKFold(labels, 5, new SeededRandom(seed));
  const test = folds[0]?.test ?? new Uint32Array();
  const calibration = folds[1]?.test ?? new Uint32Array();
  const held = new Set([...test, ...calibration]);
  const train = Uint32Array.from({ length: labels.length }, (_, i) => i).filter((i) => !held.has(i));
  return { kind: 'random', train, calibration, test };
}

/**
 * Temporal-like 60/20/20: rows ordered by `timeKey` (ties by row), the earliest 60% train, the next 20% calibrate,
 * the latest 20% test, so the model is judged on patients who came after those it learned from.
 */
export function temporalRiskSplit(timeKey: ArrayLike<number>): RiskSplit {
  const order = Uint32Array.from({ length: timeKey.length }, (_, i) => i).sort(
    (a, b) => (timeKey[a] as number) - (timeKey[b] as number) || a - b,
  );
  const n = order.length;
  const trainEnd = Math.round(n * 0.6);
  const calibrationEnd = Math.round(n * 0.8);
  return {
    kind: 'temporal',
    train: order.slice(0, trainEnd),
    calibration: order.slice(trainEnd, calibrationEnd),
    test: order.slice(calibrationEnd),
  };
}
