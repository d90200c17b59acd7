import { assertSameShape, type ModelUpdate } from './ModelUpdate.ts';

/**
 * Coordinate-wise median (Yin et al. 2018): each parameter is the median of the sites' values (mean of the middle
 * two for an even count). Sample counts are ignored, so a site cannot buy influence by claiming many rows.
 */
export function coordinateMedian(updates: readonly ModelUpdate[]): Float64Array {
  const length = assertSameShape(updates);
  const k = updates.length;
  const column = new Float64Array(k);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    for (let s = 0; s < k; s++) column[s] = (updates[s] as ModelUpdate).vector[i] as number;
    column.sort();
    const mid = k >> 1;
    out[i] =
      k % 2 === 1 ? (column[mid] as number) : ((column[mid - 1] as number) + (column[mid] as number)) / 2;
  }
  return out;
}
