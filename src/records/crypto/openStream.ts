import { createDecipheriv } from 'node:crypto';
import type { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RecordDecryptionError } from './errors.ts';
import type { MasterKeyRing } from './MasterKeyRing.ts';
import type { SealedStreamHeader } from './sealStream.ts';
import {
  createSegmentTransform,
  NONCE_PREFIX_SIZE,
  SEGMENT_TAG_SIZE,
  segmentNonce,
} from './streamSegments.ts';

/**
 * A Transform that opens a stream sealed by `createSealStream`, releasing each segment only after its tag checks.
 * An altered, reordered or missing segment, or a stream cut short, errors the stream with `RecordDecryptionError`;
 * the consumer must then discard what it already received (write to a temporary file, rename on success).
 */
export function createOpenStream(
  keyRing: MasterKeyRing,
  header: SealedStreamHeader,
  aad: Uint8Array,
): Transform {
  if (header.noncePrefix.length !== NONCE_PREFIX_SIZE || !(header.segmentSize > 0)) {
    throw new RecordDecryptionError('Sealed stream header is malformed');
  }
  const dataKey = keyRing.unwrapDataKey(header);
  const sealedSize = header.segmentSize + SEGMENT_TAG_SIZE;

  return createSegmentTransform(sealedSize, dataKey, (segment, index, last) => {
    if (segment.length < SEGMENT_TAG_SIZE) throw new RecordDecryptionError('Sealed stream is truncated');
    try {
      const nonce = segmentNonce(header.noncePrefix, index, last);
      const decipher = createDecipheriv('aes-256-gcm', dataKey, nonce, { authTagLength: SEGMENT_TAG_SIZE });
      decipher.setAAD(aad);
      decipher.setAuthTag(segment.subarray(segment.length - SEGMENT_TAG_SIZE));
      return Buffer.concat([
        decipher.update(segment.subarray(0, segment.length - SEGMENT_TAG_SIZE)),
        decipher.final(),
      ]);
    } catch (error) {
      throw new RecordDecryptionError(`Sealed stream segment ${index} failed authentication`, {
        cause: error,
      });
    }
  });
}

/** Opens a sealed stream from `input` into `output`; rejects with `RecordDecryptionError` on any tampering. */
export async function openStream(
  keyRing: MasterKeyRing,
  header: SealedStreamHeader,
  input: Readable,
  output: Writable,
  aad: Uint8Array,
): Promise<void> {
  await pipeline(input, createOpenStream(keyRing, header, aad), output);
}
