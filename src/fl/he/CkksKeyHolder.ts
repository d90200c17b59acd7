import { InvalidFederatedInputError } from '../flErrors.ts';
import { loadCkksCiphertext } from './loadCkksCiphertext.ts';
import type { CkksContext } from './openCkks.ts';

/**
 * The party that holds the job's CKKS secret key: one designated site, or a key custodian that hands the same key
 * pair to every site in a key ceremony. It publishes the public key and decrypts only what the coordinator returns
 * as the aggregate. SEAL has no threshold decryption, so the trust model is "whoever holds the secret key never
 * colludes with the coordinator" (together they could read any single update), and the key holder cannot tell a
 * sum from one site's ciphertext, so the coordinator must be honest-but-curious: it follows the protocol. Masked
 * secure aggregation (`secagg/`) needs no such party, which is why it is the default.
 */
export class CkksKeyHolder {
  readonly #ckks: CkksContext;
  readonly #secretKey: ReturnType<ReturnType<CkksContext['seal']['KeyGenerator']>['secretKey']>;
  /** The serialised public key every site encrypts under. */
  readonly publicKey: Uint8Array;

  constructor(ckks: CkksContext) {
    this.#ckks = ckks;
    const generator = ckks.seal.KeyGenerator(ckks.context);
    this.#secretKey = generator.secretKey();
    const publicKey = generator.createPublicKey();
    this.publicKey = publicKey.saveArray(ckks.seal.ComprModeType.none);
    publicKey.delete();
    generator.delete();
  }

  /** Decrypts an aggregate (one ciphertext per block of `slots` values) into its first `length` values. */
  decrypt(ciphertexts: readonly Uint8Array[], length: number): Float64Array {
    const { seal, context, slots } = this.#ckks;
    if (ciphertexts.length !== Math.ceil(length / slots))
      throw new InvalidFederatedInputError(`${ciphertexts.length} ciphertexts cannot hold ${length} values`);
    const decryptor = seal.Decryptor(context, this.#secretKey);
    const encoder = seal.CKKSEncoder(context);
    const out = new Float64Array(length);
    try {
      ciphertexts.forEach((bytes, block) => {
        const cipher = loadCkksCiphertext(this.#ckks, bytes);
        const plain = decryptor.decrypt(cipher);
        cipher.delete();
        if (!plain) throw new InvalidFederatedInputError('A ciphertext did not decrypt');
        const values = encoder.decode(plain) as Float64Array;
        plain.delete();
        out.set(values.subarray(0, Math.min(slots, length - block * slots)), block * slots);
      });
    } finally {
      encoder.delete();
      decryptor.delete();
    }
    return out;
  }
}
