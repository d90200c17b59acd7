/**
 * Framing shared by `sealStream` and `openStream`: the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015;
 * as in Tink's streaming AEAD and age). The plaintext is cut into segments, each sealed with AES-256-GCM under the
 * stream's data key with nonce = 7-byte random prefix ‖ 32-bit big-endian segment index ‖ last-segment flag, so every
 * segment is authenticated before it is released, and reordering, dropping or truncating segments is detected.
 */
export const DEFAULT_SEGMENT_SIZE = 64 * 1024;
/** GCM tag appended to each segment. */
export const SEGMENT_TAG_SIZE = 16;
/** Random per-stream nonce prefix. */
export const NONCE_PREFIX_SIZE = 7;
const MAX_SEGMENTS = 2 ** 32;

/** The nonce of segment `index`; `last` marks the final segment so truncation at a boundary fails. */
export function segmentNonce(prefix: Uint8Array, index: number, last: boolean): Buffer {
  if (index >= MAX_SEGMENTS) throw new RangeError('Stream has too many segments');
  const nonce = Buffer.alloc(12);
  nonce.set(prefix, 0);
  nonce.writeUInt32BE(index, NONCE_PREFIX_SIZE);
  nonce[11] = last ? 1 : 0;
  return nonce;
}
