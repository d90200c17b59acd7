import { InvalidFederatedInputError } from '../flErrors.ts';
import { CKKS_PARAMETERS, type CkksContext } from './openCkks.ts';

/**
 * A site's side: encrypts its update under the job's public key, `slots` values per ciphertext (it can encrypt,
 * never decrypt). Each value must be finite and at most `maxAbsSum / maxSites` in magnitude so that the sum of
 * `maxSites` updates cannot wrap. Ciphertexts are serialised without compression: they are uniformly random ring
 * elements, on which zstd saves nothing and costs more than the encryption.
 */
export function ckksEncrypt(
  ckks: CkksContext,
  publicKey: Uint8Array,
  vector: Float64Array,
  maxSites: number,
): Uint8Array[] {
  const bound = CKKS_PARAMETERS.maxAbsSum / maxSites;
  for (const v of vector)
    if (!(Math.abs(v) <= bound))
      throw new InvalidFederatedInputError(
        `An update value is not finite or exceeds ±${bound} (the CKKS range shared by ${maxSites} sites)`,
      );
  const { seal, context, slots } = ckks;
  const key = seal.PublicKey();
  const out: Uint8Array[] = [];
  try {
    key.loadArray(context, publicKey);
  } catch (cause) {
    key.delete();
    throw new InvalidFederatedInputError('The CKKS public key is not one of this job', { cause });
  }
  const encryptor = seal.Encryptor(context, key);
  const encoder = seal.CKKSEncoder(context);
  const block = new Float64Array(slots);
  try {
    for (let start = 0; start < vector.length; start += slots) {
      block.fill(0);
      block.set(vector.subarray(start, start + slots));
      const plain = encoder.encode(block, CKKS_PARAMETERS.scale);
      if (!plain) throw new InvalidFederatedInputError('A block did not encode');
      const cipher = encryptor.encrypt(plain);
      plain.delete();
      if (!cipher) throw new InvalidFederatedInputError('A block did not encrypt');
      out.push(cipher.saveArray(seal.ComprModeType.none));
      cipher.delete();
    }
  } finally {
    encoder.delete();
    encryptor.delete();
    key.delete();
  }
  return out;
}
