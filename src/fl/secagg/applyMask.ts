import { createCipheriv } from 'node:crypto';

const ZERO_IV = new Uint8Array(16);
/** Keystream is drawn this many 32-bit words at a time, so each piece is added while it is still in cache. */
const CHUNK_WORDS = 16_384;
/** The all-zero plaintext the keystream is read through (shared, never written). */
const ZEROS = new Uint8Array(CHUNK_WORDS * 4);

/**
 * Adds (`sign` 1) or subtracts (−1) the pseudorandom mask expanded from a 32-byte seed to `target`, element-wise
 * mod 2^32. The PRG is AES-256-CTR's keystream (node:crypto, AES-NI): a fresh seed per pair and round, so the
 * fixed IV never repeats under one key, and it expands 100k parameters in well under a millisecond.
 */
export function applyMask(target: Uint32Array, seed: Uint8Array, sign: 1 | -1): void {
  const cipher = createCipheriv('aes-256-ctr', seed, ZERO_IV);
  for (let start = 0; start < target.length; start += CHUNK_WORDS) {
    const count = Math.min(CHUNK_WORDS, target.length - start);
    const stream = cipher.update(ZEROS.subarray(0, count * 4));
    const words = new Uint32Array(stream.buffer, stream.byteOffset, count);
    // Uint32Array stores reduce mod 2^32 by themselves.
    if (sign === 1)
      for (let i = 0; i < count; i++)
        target[start + i] = (target[start + i] as number) + (words[i] as number);
    else
      for (let i = 0; i < count; i++)
        target[start + i] = (target[start + i] as number) - (words[i] as number);
  }
}
