import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A pass-through that proves a stream is exactly the expected bytes: it hashes (SHA-256) and counts what passes
 * and always holds the latest chunk back, releasing it only at the end once size and hash match. On a mismatch it
 * errors with `onMismatch(reason)` instead, so a consumer never receives a complete body that is not the anchored
 * one (an HTTP response is cut short, without its final chunk).
 */
export function createDigestCheck(
  expected: { contentHash: `0x${string}`; size: number },
  onMismatch: (reason: string) => Error,
): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > expected.size) return callback(onMismatch('more bytes than the recorded size'));
      hash.update(chunk);
      const previous = held;
      held = chunk;
      callback(null, previous);
    },
    flush(callback: TransformCallback) {
      if (seen !== expected.size) return callback(onMismatch(`${seen} bytes, expected ${expected.size}`));
      if (`0x${hash.digest('hex')}` !== expected.contentHash)
        return callback(onMismatch('the SHA-256 of the bytes differs from the recorded hash'));
      callback(null, held);
    },
  });
}
