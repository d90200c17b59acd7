import { rocAuc } from '../../ai/metrics/rocAuc.ts';
import { ANOMALY_KINDS, type AnomalyKind } from '../sim/AnomalyLabel.ts';

/** One anomaly kind's figures against all normal events. */
export type SupplyKindEvaluation = {
  /** ROC AUC of this kind's events against every normal event. */
  auc: number;
  /** Of this kind's events and normal events at or over the threshold, the share that are this kind. */
  precision: number;
  /** Share of this kind's events at or over the threshold. */
  recall: number;
  count: number;
};

/** The held-out report: per-kind figures and how much normal traffic would be held. */
export type SupplyEvaluation = {
  kinds: Record<AnomalyKind, SupplyKindEvaluation>;
  /** Normal events at or over the hold threshold / normal events. */
  falseHoldRate: number;
  normalEvents: number;
  falseHolds: number;
  /** All kinds together. */
  overall: { auc: number; precision: number; recall: number; anomalies: number };
};

/**
 * Scores the scores: per planted kind, AUC against all normal events and precision/recall at `threshold`, plus the
 * false-hold rate. `kinds[i]` is row i's planted kind or `undefined` for normal traffic.
 */
export function evaluateSupplyScores(
  scores: ArrayLike<number>,
  kinds: readonly (AnomalyKind | undefined)[],
  threshold: number,
): SupplyEvaluation {
  const normal: number[] = [];
  for (let r = 0; r < kinds.length; r++) if (kinds[r] === undefined) normal.push(scores[r] as number);
  const falseHolds = normal.filter((s) => s >= threshold).length;
  const figures = (rows: number[]) => {
    const positives = rows.map((r) => scores[r] as number);
    const held = positives.filter((s) => s >= threshold).length;
    const labels = [...positives.map(() => 1), ...normal.map(() => 0)];
    return {
      auc: positives.length === 0 ? Number.NaN : rocAuc(labels, [...positives, ...normal]),
      precision: held + falseHolds === 0 ? Number.NaN : held / (held + falseHolds),
      recall: positives.length === 0 ? Number.NaN : held / positives.length,
    };
  };
  const rowsOf = (match: (kind: AnomalyKind) => boolean) =>
    kinds.flatMap((kind, r) => (kind !== undefined && match(kind) ? [r] : []));
  const kindFigures = Object.fromEntries(
    ANOMALY_KINDS.map((kind) => {
      const rows = rowsOf((k) => k === kind);
      return [kind, { ...figures(rows), count: rows.length }];
    }),
  ) as Record<AnomalyKind, SupplyKindEvaluation>;
  const all = rowsOf(() => true);
  return {
    kinds: kindFigures,
    falseHoldRate: normal.length === 0 ? 0 : falseHolds / normal.length,
    normalEvents: normal.length,
    falseHolds,
    overall: { ...figures(all), anomalies: all.length },
  };
}
