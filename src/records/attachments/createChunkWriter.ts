import { Writable } from 'node:stream';
import type { BlobRef, BlobStore } from '../store/BlobStore.ts';

/** Sealed bytes per stored chunk row: large enough that a 64 MiB upload is ~64 commits, small enough to stream. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * The storage end of an upload: gathers sealed bytes into `CHUNK_BYTES` rows and appends each to the blob store,
 * waiting for the write before taking more, so back-pressure reaches the client and memory stays at one chunk.
 */
export function createChunkWriter(
  blobs: BlobStore,
  ref: BlobRef,
  chunkBytes = CHUNK_BYTES,
): { stream: Writable; chunks: () => number; bytes: () => number } {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let chunks = 0;
  let bytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await blobs.appendChunk(ref, chunks, data);
    chunks += 1;
    bytes += data.length;
  };
  const stream = new Writable({
    highWaterMark: chunkBytes,
    write(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < chunkBytes) return callback();
      flush().then(() => callback(), callback);
    },
    final(callback) {
      flush().then(() => callback(), callback);
    },
  });
  return { stream, chunks: () => chunks, bytes: () => bytes };
}
