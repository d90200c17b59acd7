import { describe, expect, it } from 'vitest';
import { syntheticBinaryDataset } from '../../ai/data/syntheticBinaryDataset.ts';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { SITE_SPLIT_KINDS, splitAcrossSites } from './splitAcrossSites.ts';

const data = syntheticBinaryDataset({ rows: 700, features: 4, seed: 1 });
const positiveRate = (rows: Uint32Array) =>
  rows.reduce((s, r) => s + (data.target[r] as number), 0) / rows.length;

describe('splitAcrossSites', () => {
  it('deals every row to exactly one site for every kind', () => {
    for (const kind of SITE_SPLIT_KINDS) {
      const parts = splitAcrossSites(data, 3, kind, new SeededRandom(2));
      const all = parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 700 }, (_, i) => i));
    }
  });

  it('skews labels, sizes and features as documented', () => {
    const iid = splitAcrossSites(data, 3, 'iid', new SeededRandom(2));
    const overall = positiveRate(Uint32Array.from({ length: 700 }, (_, i) => i));
    for (const p of iid) expect(Math.abs(positiveRate(p) - overall)).toBeLessThan(0.01);
    const label = splitAcrossSites(data, 3, 'label-skew', new SeededRandom(2)).map(positiveRate);
    expect(label[0]).toBeLessThan(overall - 0.15);
    expect(label[2]).toBeGreaterThan(overall + 0.1);
    const size = splitAcrossSites(data, 3, 'size', new SeededRandom(2)).map((p) => p.length);
    expect(size).toEqual([400, 200, 100]);
    const feature = splitAcrossSites(data, 3, 'feature-skew', new SeededRandom(2), 'x1');
    const x1 = (r: number) => data.values[data.rowCount + r] as number;
    expect(Math.max(...Array.from(feature[0] ?? [], x1))).toBeLessThanOrEqual(
      Math.min(...Array.from(feature[1] ?? [], x1)),
    );
  });
});
