import { Transform, type TransformCallback } from 'node:stream';

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

/**
 * The Transform both directions share: it cuts the input into `frameSize`-byte frames and passes each, with its
 * index and whether it is the last, to `processFrame`. It holds the final frame back for the flush, since only the
 * end of the input tells which frame is the last, and it zeroes `dataKey` once the stream ends or is destroyed.
 */
export function createSegmentTransform(
  frameSize: number,
  dataKey: Buffer,
  processFrame: (frame: Buffer, index: number, last: boolean) => Buffer,
): Transform {
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  const next = (frame: Buffer, last: boolean): Buffer => {
    const output = processFrame(frame, index, last);
    index += 1;
    return output;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        let offset = 0;
        // A full frame followed by more bytes cannot be the last one; the rest waits for more input or the flush.
        while (data.length - offset > frameSize) {
          this.push(next(data.subarray(offset, offset + frameSize), false));
          offset += frameSize;
        }
        pending = Buffer.from(data.subarray(offset));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        this.push(next(pending, true));
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
