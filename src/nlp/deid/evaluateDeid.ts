import type { DeidNote } from './DeidNote.ts';
import type { PhiSpan } from './PhiSpan.ts';

/** Recall, precision and F2 (recall weighted four times precision: a missed identifier is the costly error). */
export type DeidScores = {
  recall: number;
  precision: number;
  f2: number;
  goldChars: number;
  predictedChars: number;
};

/** Character-level scores overall, per category, and recall per corpus gold type (`HCPName`, `DateYear`, …). */
export type DeidEvaluation = {
  overall: DeidScores;
  types: Record<string, DeidScores>;
  goldTypes: Record<string, { recall: number; goldChars: number }>;
  notes: number;
};

type Counts = { gold: number; predicted: number; goldHit: number; predictedHit: number };

const scores = (c: Counts): DeidScores => {
  const recall = c.gold === 0 ? 1 : c.goldHit / c.gold;
  const precision = c.predicted === 0 ? 1 : c.predictedHit / c.predicted;
  const f2 = recall + precision === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);
  return { recall, precision, f2, goldChars: c.gold, predictedChars: c.predicted };
};

const counts = (map: Map<string, Counts>, key: string): Counts => {
  let c = map.get(key);
  if (!c) {
    c = { gold: 0, predicted: 0, goldHit: 0, predictedHit: 0 };
    map.set(key, c);
  }
  return c;
};

/**
 * Scores predicted PHI against gold, character by character over non-blank characters (so a token split between
 * two spans, or a span with trailing blanks, counts what it covers). Recall of a category counts its gold
 * characters hidden under any predicted span (for privacy a name tagged DATE is still hidden); precision of a
 * category counts its predicted characters that are PHI of any type.
 */
export function evaluateDeid(
  notes: readonly DeidNote[],
  predict: (note: DeidNote) => readonly PhiSpan[],
): DeidEvaluation {
  const overall: Counts = { gold: 0, predicted: 0, goldHit: 0, predictedHit: 0 };
  const byType = new Map<string, Counts>();
  const byGoldType = new Map<string, Counts>();
  for (const note of notes) {
    const length = note.text.length;
    const gold: (string | undefined)[] = new Array(length);
    const goldType: (string | undefined)[] = new Array(length);
    const predicted: (string | undefined)[] = new Array(length);
    for (const s of note.spans)
      for (let i = s.start; i < s.end && i < length; i++) {
        gold[i] = s.type;
        goldType[i] = s.goldType;
      }
    for (const s of predict(note))
      for (let i = Math.max(0, s.start); i < s.end && i < length; i++) predicted[i] = s.type;
    for (let i = 0; i < length; i++) {
      if (/\s/.test(note.text[i] as string)) continue;
      const g = gold[i];
      const p = predicted[i];
      if (g !== undefined) {
        overall.gold++;
        const c = counts(byType, g);
        const gt = counts(byGoldType, goldType[i] as string);
        c.gold++;
        gt.gold++;
        if (p !== undefined) {
          overall.goldHit++;
          c.goldHit++;
          gt.goldHit++;
        }
      }
      if (p !== undefined) {
        overall.predicted++;
        const c = counts(byType, p);
        c.predicted++;
        if (g !== undefined) {
          overall.predictedHit++;
          c.predictedHit++;
        }
      }
    }
  }
  const types: Record<string, DeidScores> = {};
  for (const [type, c] of [...byType].sort(([a], [b]) => a.localeCompare(b))) types[type] = scores(c);
  const goldTypes: Record<string, { recall: number; goldChars: number }> = {};
  for (const [type, c] of [...byGoldType].sort(([a], [b]) => a.localeCompare(b)))
    goldTypes[type] = { recall: scores(c).recall, goldChars: c.gold };
  return { overall: scores(overall), types, goldTypes, notes: notes.length };
}
