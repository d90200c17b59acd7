import type { PhiSpan } from './PhiSpan.ts';

/**
 * Unions span lists into disjoint spans in text order. Overlapping spans merge into one covering both; it keeps
 * the type of the earliest list that contributed (pass the most trusted list first), then of the longest span.
 */
export function mergePhiSpans(...lists: readonly (readonly PhiSpan[])[]): PhiSpan[] {
  const ranked = lists.flatMap((list, rank) => list.map((span) => ({ ...span, rank })));
  ranked.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: (PhiSpan & { rank: number; length: number })[] = [];
  for (const span of ranked) {
    const last = merged.at(-1);
    const length = span.end - span.start;
    if (last && span.start < last.end) {
      if (span.rank < last.rank || (span.rank === last.rank && length > last.length)) {
        last.type = span.type;
        last.rank = span.rank;
        last.length = length;
      }
      last.end = Math.max(last.end, span.end);
      continue;
    }
    merged.push({ ...span, length });
  }
  return merged.map(({ start, end, type }) => ({ start, end, type }));
}
