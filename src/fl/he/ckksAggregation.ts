import sealModule from 'node-seal';
import type { SEALLibrary } from 'node-seal/implementation/seal.js';
import { InvalidFederatedInputError } from '../flErrors.ts';

type SealLibrary = SEALLibrary;
// node-seal is a CommonJS (UMD) package whose types are written as an ES module: at run time the import is the
// factory itself.
const SEAL = sealModule as unknown as () => Promise<SealLibrary>;
type SealContext = ReturnType<SealLibrary['Context']>;

/**
 * CKKS parameters: ring degree 8192 (4096 real slots per ciphertext), coefficient moduli of 60 + 40 + 40 + 60 bits
 * (200 bits, within the 218 that 128-bit security allows at this degree), scale 2^40. Additions only, so no
 * relinearisation or rescaling is needed; the absolute error of a sum of a few tens of values of magnitude ≤ 10^4
 * stays below 10^-5 (measured in the tests).
 */
export const CKKS_PARAMETERS = {
  polyModulusDegree: 8192,
  coeffModulusBits: [60, 40, 40, 60],
  scale: 2 ** 40,
} as const;

/** The SEAL library and a CKKS context every party of a job builds from the same public parameters. */
export type CkksContext = { seal: SealLibrary; context: SealContext; slots: number };

let library: Promise<SealLibrary> | undefined;

/** Loads Microsoft SEAL (WebAssembly, node-seal 6.0.3) once and builds the job's CKKS context. */
export async function openCkks(): Promise<CkksContext> {
  library ??= SEAL();
  const seal = await library;
  const parameters = seal.EncryptionParameters(seal.SchemeType.ckks);
  parameters.setPolyModulusDegree(CKKS_PARAMETERS.polyModulusDegree);
  parameters.setCoeffModulus(
    seal.CoeffModulus.Create(
      CKKS_PARAMETERS.polyModulusDegree,
      Int32Array.from(CKKS_PARAMETERS.coeffModulusBits),
    ),
  );
  const context = seal.Context(parameters, true, seal.SecurityLevel.tc128);
  if (!context.parametersSet()) throw new InvalidFederatedInputError('SEAL refused the CKKS parameters');
  return { seal, context, slots: CKKS_PARAMETERS.polyModulusDegree / 2 };
}

/**
 * The party that holds the job's CKKS secret key (one designated site, or the consortium's key custodian): it
 * publishes the public key and decrypts only the aggregate the coordinator sends back. SEAL has no threshold
 * decryption, so the trust model is "the key holder never colludes with the coordinator": together they could
 * decrypt any single update. Secure aggregation with masks (`secagg/`) needs no such party.
 */
export class CkksKeyHolder {
  readonly #ckks: CkksContext;
  readonly #secretKey: ReturnType<ReturnType<SealLibrary['KeyGenerator']>['secretKey']>;
  readonly publicKey: string;

  constructor(ckks: CkksContext) {
    this.#ckks = ckks;
    const generator = ckks.seal.KeyGenerator(ckks.context);
    this.#secretKey = generator.secretKey();
    const publicKey = generator.createPublicKey();
    this.publicKey = publicKey.save();
    publicKey.delete();
    generator.delete();
  }

  /** Decrypts an aggregate (one ciphertext per block of `slots` values) into its first `length` values. */
  decrypt(ciphertexts: readonly string[], length: number): Float64Array {
    const { seal, context, slots } = this.#ckks;
    const decryptor = seal.Decryptor(context, this.#secretKey);
    const encoder = seal.CKKSEncoder(context);
    const out = new Float64Array(length);
    ciphertexts.forEach((saved, block) => {
      const cipher = seal.CipherText();
      cipher.load(context, saved);
      const plain = decryptor.decrypt(cipher);
      if (!plain) throw new InvalidFederatedInputError('A ciphertext did not decrypt');
      const values = encoder.decode(plain) as Float64Array;
      out.set(values.subarray(0, Math.min(slots, length - block * slots)), block * slots);
      plain.delete();
      cipher.delete();
    });
    encoder.delete();
    decryptor.delete();
    return out;
  }
}

/** A site's side: encrypts its update under the job's public key (it can encrypt, never decrypt). */
export function ckksEncrypt(ckks: CkksContext, publicKey: string, vector: Float64Array): string[] {
  const { seal, context, slots } = ckks;
  const key = seal.PublicKey();
  key.load(context, publicKey);
  const encryptor = seal.Encryptor(context, key);
  const encoder = seal.CKKSEncoder(context);
  const out: string[] = [];
  for (let start = 0; start < vector.length; start += slots) {
    const block = new Float64Array(slots);
    block.set(vector.subarray(start, start + slots));
    const plain = encoder.encode(block, CKKS_PARAMETERS.scale);
    if (!plain) throw new InvalidFederatedInputError('A block did not encode');
    const cipher = encryptor.encrypt(plain);
    if (!cipher) throw new InvalidFederatedInputError('A block did not encrypt');
    out.push(cipher.save());
    cipher.delete();
    plain.delete();
  }
  encoder.delete();
  encryptor.delete();
  key.delete();
  return out;
}

/** The coordinator's side: adds the sites' ciphertexts block by block, holding no key at all. */
export function ckksAdd(ckks: CkksContext, perSite: readonly (readonly string[])[]): string[] {
  const { seal, context } = ckks;
  const [first, ...rest] = perSite;
  if (!first) throw new InvalidFederatedInputError('No encrypted updates to add');
  const evaluator = seal.Evaluator(context);
  const out = first.map((saved, block) => {
    const total = seal.CipherText();
    total.load(context, saved);
    for (const site of rest) {
      const next = seal.CipherText();
      const text = site[block];
      if (text === undefined) throw new InvalidFederatedInputError('Encrypted updates differ in length');
      next.load(context, text);
      evaluator.add(total, next, total);
      next.delete();
    }
    const saved2 = total.save();
    total.delete();
    return saved2;
  });
  evaluator.delete();
  return out;
}

/** One CKKS aggregation in process (tests, the benchmark, `runFederatedTraining`): encrypt, add, decrypt the sum. */
export function ckksSumInProcess(
  ckks: CkksContext,
  holder: CkksKeyHolder,
  inputs: readonly Float64Array[],
): Float64Array {
  const length = inputs[0]?.length ?? 0;
  const encrypted = inputs.map((input) => ckksEncrypt(ckks, holder.publicKey, input));
  return holder.decrypt(ckksAdd(ckks, encrypted), length);
}
