import { createDecipheriv } from 'node:crypto';
import { type Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RecordDecryptionError } from './errors.ts';
import type { MasterKeyRing } from './MasterKeyRing.ts';
import type { SealedStreamHeader } from './sealStream.ts';
import { NONCE_PREFIX_SIZE, SEGMENT_TAG_SIZE, segmentNonce } from './streamSegments.ts';

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
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;

  const open = (segment: Buffer, last: boolean): Buffer => {
    if (segment.length < SEGMENT_TAG_SIZE) throw new RecordDecryptionError('Sealed stream is truncated');
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        dataKey,
        segmentNonce(header.noncePrefix, index, last),
        {
          authTagLength: SEGMENT_TAG_SIZE,
        },
      );
      decipher.setAAD(aad);
      decipher.setAuthTag(segment.subarray(segment.length - SEGMENT_TAG_SIZE));
      const plain = Buffer.concat([
        decipher.update(segment.subarray(0, segment.length - SEGMENT_TAG_SIZE)),
        decipher.final(),
      ]);
      index += 1;
      return plain;
    } catch (error) {
      throw new RecordDecryptionError(`Sealed stream segment ${index} failed authentication`, {
        cause: error,
      });
    }
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        let offset = 0;
        // A full segment followed by more bytes cannot be the last one.
        while (data.length - offset > sealedSize) {
          this.push(open(data.subarray(offset, offset + sealedSize), false));
          offset += sealedSize;
        }
        pending = Buffer.from(data.subarray(offset));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        this.push(open(pending, true));
        callback();
      } catch (error) {
        callback(error as Error);
      } finally {
        dataKey.fill(0);
      }
    },
    destroy(error, callback) {
      dataKey.fill(0);
      callback(error);
    },
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
