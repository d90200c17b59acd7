import { InvalidFederatedInputError } from '../flErrors.ts';
import type { CkksContext } from './openCkks.ts';

const SEAL_MAGIC = 0xa15e;
const SEAL_HEADER_BYTES = 16;

/**
 * SEAL's 16-byte serialisation header, checked before SEAL sees the bytes: some malformed inputs abort its
 * WebAssembly instead of throwing, and only uncompressed data is accepted (no zstd bomb from a hostile site).
 */
function hasUncompressedSealHeader(bytes: Uint8Array): boolean {
  if (bytes.length < SEAL_HEADER_BYTES) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (
    view.getUint16(0, true) === SEAL_MAGIC &&
    view.getUint8(2) === SEAL_HEADER_BYTES &&
    view.getUint8(5) === 0 &&
    view.getBigUint64(8, true) === BigInt(bytes.length)
  );
}

/** A serialised ciphertext back into SEAL (the caller deletes it); refuses bytes that are not one of this job's. */
export function loadCkksCiphertext(
  ckks: CkksContext,
  bytes: Uint8Array,
): ReturnType<CkksContext['seal']['CipherText']> {
  if (!hasUncompressedSealHeader(bytes))
    throw new InvalidFederatedInputError('An encrypted update is not an uncompressed SEAL ciphertext');
  const cipher = ckks.seal.CipherText();
  try {
    cipher.loadArray(ckks.context, bytes);
  } catch (cause) {
    cipher.delete();
    throw new InvalidFederatedInputError('An encrypted update is not a ciphertext of this job', { cause });
  }
  return cipher;
}
