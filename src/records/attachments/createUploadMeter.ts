import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { Hex } from 'viem';
import { AttachmentTooLargeError } from './attachmentErrors.ts';

/** The plaintext side of an upload: bytes pass through while being counted and hashed. */
export type UploadMeter = {
  stream: Transform;
  /** Bytes seen so far. */
  size: () => number;
  /** SHA-256 of everything seen; call once the stream has ended. */
  digest: () => Hex;
};

/**
 * Counts and hashes (SHA-256) an upload's plaintext as it streams, and fails it with `AttachmentTooLargeError`
 * the moment it passes `maxBytes`, so an oversized upload is refused without ever being held whole.
 */
export function createUploadMeter(maxBytes: number): UploadMeter {
  const hash = createHash('sha256');
  let size = 0;
  let digest: Hex | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      size += chunk.length;
      if (size > maxBytes) return callback(new AttachmentTooLargeError(maxBytes));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return {
    stream,
    size: () => size,
    digest: () => {
      digest ??= `0x${hash.digest('hex')}`;
      return digest;
    },
  };
}
