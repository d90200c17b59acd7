import { InvalidFederatedInputError } from '../flErrors.ts';
import { loadCkksCiphertext } from './loadCkksCiphertext.ts';
import type { CkksContext } from './openCkks.ts';

/**
 * The coordinator's side: adds the sites' ciphertexts block by block. It needs nothing but the public parameters
 * (no key of any kind), so what it holds never lets it read an update or the sum.
 */
export function ckksAdd(ckks: CkksContext, perSite: readonly (readonly Uint8Array[])[]): Uint8Array[] {
  const [first, ...rest] = perSite;
  if (!first) throw new InvalidFederatedInputError('No encrypted updates to add');
  if (rest.some((site) => site.length !== first.length))
    throw new InvalidFederatedInputError('Encrypted updates differ in length');
  const evaluator = ckks.seal.Evaluator(ckks.context);
  try {
    return first.map((bytes, block) => {
      const total = loadCkksCiphertext(ckks, bytes);
      try {
        for (const site of rest) {
          const next = loadCkksCiphertext(ckks, site[block] as Uint8Array);
          evaluator.add(total, next, total);
          next.delete();
        }
        return total.saveArray(ckks.seal.ComprModeType.none);
      } finally {
        total.delete();
      }
    });
  } finally {
    evaluator.delete();
  }
}
