import { createCipheriv, randomBytes } from 'node:crypto';
import type { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MasterKeyRing, WrappedDataKey } from './MasterKeyRing.ts';
import {
  createSegmentTransform,
  DEFAULT_SEGMENT_SIZE,
  NONCE_PREFIX_SIZE,
  SEGMENT_TAG_SIZE,
  segmentNonce,
} from './streamSegments.ts';

/** What is needed, beside the ciphertext bytes, to open a sealed stream (store it with the attachment). */
export type SealedStreamHeader = WrappedDataKey & { noncePrefix: Uint8Array; segmentSize: number };

/**
 * A Transform that seals a byte stream segment by segment (see `streamSegments.ts`): memory stays at about two
 * segments whatever the size, and stream back-pressure is kept. Each segment is ciphertext ‖ 16-byte tag.
 */
export function createSealStream(
  keyRing: MasterKeyRing,
  aad: Uint8Array,
  options: { segmentSize?: number } = {},
): { stream: Transform; header: SealedStreamHeader } {
  const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
  if (!Number.isInteger(segmentSize) || segmentSize < 1)
    throw new RangeError('segmentSize must be a positive integer');
  const dataKey = randomBytes(32);
  const noncePrefix = randomBytes(NONCE_PREFIX_SIZE);
  const header: SealedStreamHeader = { noncePrefix, segmentSize, ...keyRing.wrapDataKey(dataKey) };
  const stream = createSegmentTransform(segmentSize, dataKey, (segment, index, last) => {
    const cipher = createCipheriv('aes-256-gcm', dataKey, segmentNonce(noncePrefix, index, last), {
      authTagLength: SEGMENT_TAG_SIZE,
    });
    cipher.setAAD(aad);
    return Buffer.concat([cipher.update(segment), cipher.final(), cipher.getAuthTag()]);
  });
  return { stream, header };
}

/** Seals `input` into `output` (e.g. a file), resolving with the header once everything is written. */
export async function sealStream(
  keyRing: MasterKeyRing,
  input: Readable,
  output: Writable,
  aad: Uint8Array,
  options: { segmentSize?: number } = {},
): Promise<SealedStreamHeader> {
  const { stream, header } = createSealStream(keyRing, aad, options);
  await pipeline(input, stream, output);
  return header;
}
