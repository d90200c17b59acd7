import sealModule from 'node-seal';
import type { SEALLibrary } from 'node-seal/implementation/seal.js';
import { InvalidFederatedInputError } from '../flErrors.ts';

// node-seal is a CommonJS (UMD) package whose types are written as an ES module: at run time the import is the
// factory itself.
const SEAL = sealModule as unknown as () => Promise<SEALLibrary>;

/**
 * The job's public CKKS parameters. Aggregation only adds, so no ciphertext is ever multiplied, rescaled or
 * relinearised: one 60-bit data prime holds the values and a second 60-bit prime is SEAL's special prime, which
 * public-key encryption uses to keep fresh noise small (without it the error is ~10× larger). Ring degree 8192 gives
 * 4096 real slots per ciphertext (25 for 100k parameters) and with 120 modulus bits is far inside the 218 bits that
 * 128-bit security allows. Scale 2^38: the absolute error of a decrypted sum of ten updates is ≈ 1e-7 (so ≈ 1e-6
 * relative for coordinates ≥ 0.1; measured in the tests), and every coordinate of the sum must stay below
 * 2^(60−38−1) = 2^21 in magnitude or it wraps, hence `maxAbsSum`.
 */
export const CKKS_PARAMETERS = {
  polyModulusDegree: 8192,
  coeffModulusBits: [60, 60],
  scale: 2 ** 38,
  maxAbsSum: 2 ** 21,
} as const;

/** The SEAL library and a CKKS context every party of a job builds from the same public parameters. */
export type CkksContext = {
  readonly seal: SEALLibrary;
  readonly context: ReturnType<SEALLibrary['Context']>;
  readonly slots: number;
};

let library: Promise<SEALLibrary> | undefined;

/** Loads Microsoft SEAL (WebAssembly, node-seal 6.0.3) once and builds a CKKS context from the public parameters. */
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
