import type { LabelledDataset } from '../../ai/data/FeatureMatrix.ts';
import type { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';

/** How rows are dealt to simulated sites. */
export type SiteSplitKind = 'iid' | 'label-skew' | 'feature-skew' | 'size';

/** The split kinds, in report order. */
export const SITE_SPLIT_KINDS: readonly SiteSplitKind[] = ['iid', 'label-skew', 'feature-skew', 'size'];

/**
 * Deals the rows of `data` to `sites` simulated sites (row indices per site), seeded:
 * - `iid`: each class shuffled and dealt round-robin (same size and class balance everywhere);
 * - `label-skew`: site s gets a share ∝ s+1 of the positives and ∝ k−s of the negatives (site 0 mostly negative);
 * - `feature-skew`: rows sorted by `skewFeature` (default the first feature; missing last) and cut into k equal
 *   contiguous blocks, like hospitals serving different age groups;
 * - `size`: stratified, with site shares ∝ 2^(k−1−s) (for 3 sites 4/7, 2/7, 1/7).
 */
export function splitAcrossSites(
  data: LabelledDataset,
  sites: number,
  kind: SiteSplitKind,
  random: SeededRandom,
  skewFeature?: string,
): Uint32Array[] {
  if (!(Number.isInteger(sites) && sites >= 2 && sites <= data.rowCount))
    throw new InvalidFederatedInputError(`Cannot split ${data.rowCount} rows over ${sites} sites`);
  const byClass: [number[], number[]] = [[], []];
  for (let r = 0; r < data.rowCount; r++) byClass[data.target[r] === 1 ? 1 : 0].push(r);
  for (const rows of byClass) random.shuffle(rows);
  const out: number[][] = Array.from({ length: sites }, () => []);
  const dealByShares = (rows: readonly number[], shares: readonly number[]) => {
    const total = shares.reduce((s, w) => s + w, 0);
    let start = 0;
    let cumulative = 0;
    shares.forEach((w, s) => {
      cumulative += w;
      const end = s === shares.length - 1 ? rows.length : Math.round((cumulative / total) * rows.length);
      (out[s] as number[]).push(...rows.slice(start, end));
      start = end;
    });
  };
  const ascending = Array.from({ length: sites }, (_, s) => s + 1);
  if (kind === 'iid') {
    for (const rows of byClass)
      rows.forEach((r, i) => {
        (out[i % sites] as number[]).push(r);
      });
  } else if (kind === 'label-skew') {
    dealByShares(byClass[1], ascending);
    dealByShares(byClass[0], [...ascending].reverse());
  } else if (kind === 'size') {
    const shares = Array.from({ length: sites }, (_, s) => 2 ** (sites - 1 - s));
    for (const rows of byClass) dealByShares(rows, shares);
  } else {
    const feature = skewFeature === undefined ? 0 : data.featureNames.indexOf(skewFeature);
    if (feature < 0) throw new InvalidFederatedInputError(`Unknown skew feature "${skewFeature}"`);
    const column = data.values.subarray(feature * data.rowCount, (feature + 1) * data.rowCount);
    const rows = [...byClass[0], ...byClass[1]];
    const key = (r: number) =>
      Number.isNaN(column[r] as number) ? Number.POSITIVE_INFINITY : (column[r] as number);
    rows.sort((a, b) => key(a) - key(b) || a - b);
    dealByShares(rows, Array(sites).fill(1));
  }
  return out.map((rows) => Uint32Array.from(rows.sort((a, b) => a - b)));
}
