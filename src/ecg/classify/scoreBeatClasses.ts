import { AAMI_CLASSES, type AamiClass } from '../features/aamiClass.ts';

/** Sensitivity and positive predictivity of one AAMI class (EC57's per-class beat statistics). */
export type ClassScore = {
  readonly beats: number;
  readonly predicted: number;
  readonly truePositives: number;
  readonly sensitivity: number;
  readonly ppv: number;
};

/** Per-class scores and the confusion counts `confusion[truth][predicted]` of a beat classification. */
export function scoreBeatClasses(
  truth: readonly AamiClass[],
  predicted: readonly AamiClass[],
): {
  perClass: Record<AamiClass, ClassScore>;
  confusion: Record<AamiClass, Record<AamiClass, number>>;
  accuracy: number;
} {
  const zeroRow = () => Object.fromEntries(AAMI_CLASSES.map((c) => [c, 0])) as Record<AamiClass, number>;
  const confusion = Object.fromEntries(AAMI_CLASSES.map((c) => [c, zeroRow()])) as Record<
    AamiClass,
    Record<AamiClass, number>
  >;
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i] as AamiClass;
    confusion[t][p]++;
    if (t === p) correct++;
  });
  const perClass = Object.fromEntries(
    AAMI_CLASSES.map((c) => {
      const beats = AAMI_CLASSES.reduce((sum, p) => sum + confusion[c][p], 0);
      const predictedCount = AAMI_CLASSES.reduce((sum, t) => sum + confusion[t][c], 0);
      const truePositives = confusion[c][c];
      return [
        c,
        {
          beats,
          predicted: predictedCount,
          truePositives,
          sensitivity: beats === 0 ? Number.NaN : truePositives / beats,
          ppv: predictedCount === 0 ? Number.NaN : truePositives / predictedCount,
        },
      ];
    }),
  ) as Record<AamiClass, ClassScore>;
  return { perClass, confusion, accuracy: truth.length === 0 ? Number.NaN : correct / truth.length };
}
