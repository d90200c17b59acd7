import { createCipheriv } from 'node:crypto';

const ZERO_IV = new Uint8Array(16);

/**
 * Adds (`sign` 1) or subtracts (−1) the pseudorandom mask expanded from a 32-byte seed to `target`, element-wise
 * mod 2^32. The PRG is AES-256-CTR's keystream (node:crypto, AES-NI): a fresh seed per pair and round, so the
 * fixed IV never repeats under one key, and it expands 100k parameters in well under a millisecond.
 */
export function applyMask(target: Uint32Array, seed: Uint8Array, sign: 1 | -1): void {
  const cipher = createCipheriv('aes-256-ctr', seed, ZERO_IV);
  const stream = cipher.update(new Uint8Array(target.length * 4));
  const words = new Uint32Array(stream.buffer, stream.byteOffset, target.length);
  if (sign === 1)
    for (let i = 0; i < target.length; i++) target[i] = ((target[i] as number) + (words[i] as number)) >>> 0;
  else
    for (let i = 0; i < target.length; i++) target[i] = ((target[i] as number) - (words[i] as number)) >>> 0;
}
