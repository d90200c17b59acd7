import { InvalidFederatedInputError } from '../flErrors.ts';
import { type Aggregator, assertSameShape, type ModelUpdate } from './ModelUpdate.ts';

/**
 * Krum and multi-Krum (Blanchard et al. 2017) for at most `f` Byzantine sites among k (needs k > 2f + 2): each
 * update is scored by the sum of squared distances to its k − f − 2 nearest others; Krum returns the best-scored
 * update, multi-Krum (`m` > 1) the plain mean of the m best.
 */
export function krum(f: number, m = 1): Aggregator {
  if (!(Number.isInteger(f) && f >= 0) || !(Number.isInteger(m) && m >= 1))
    throw new InvalidFederatedInputError('Krum needs an integer f >= 0 and m >= 1');
  return (updates: readonly ModelUpdate[]): Float64Array => {
    const length = assertSameShape(updates);
    const k = updates.length;
    if (k <= 2 * f + 2 || m > k - f)
      throw new InvalidFederatedInputError(
        `Krum with f = ${f}, m = ${m} needs more than ${2 * f + 2} sites, got ${k}`,
      );
    const distance = new Float64Array(k * k);
    for (let a = 0; a < k; a++)
      for (let b = a + 1; b < k; b++) {
        const va = (updates[a] as ModelUpdate).vector;
        const vb = (updates[b] as ModelUpdate).vector;
        let d = 0;
        for (let i = 0; i < length; i++) d += ((va[i] as number) - (vb[i] as number)) ** 2;
        distance[a * k + b] = d;
        distance[b * k + a] = d;
      }
    const neighbours = k - f - 2;
    const scores = Array.from({ length: k }, (_, a) => {
      const others = Array.from({ length: k }, (_, b) => distance[a * k + b] as number).filter(
        (_, b) => b !== a,
      );
      others.sort((x, y) => x - y);
      return { a, score: others.slice(0, neighbours).reduce((s, d) => s + d, 0) };
    });
    scores.sort((x, y) => x.score - y.score || x.a - y.a);
    const out = new Float64Array(length);
    for (const { a } of scores.slice(0, m)) {
      const v = (updates[a] as ModelUpdate).vector;
      for (let i = 0; i < length; i++) out[i] = (out[i] as number) + (v[i] as number) / m;
    }
    return out;
  };
}
