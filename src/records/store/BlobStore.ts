import type { Hex } from 'viem';
import type { SealedStreamHeader } from '../crypto/sealStream.ts';
import type { RecordVersionRef } from './RecordStore.ts';

/**
 * Names an attachment by the record version it belongs to (the `Binary` version that describes it): its ciphertext
 * is bound to that version by the AAD, so it can never be served under another record.
 */
export type BlobRef = RecordVersionRef;

/** What is known of a blob when its upload starts: how to open it, and the type the client declared. */
export type BlobStart = { header: SealedStreamHeader; contentType: string };

/** What is known once every byte is in: plaintext size and SHA-256, ciphertext size, and how many chunks hold it. */
export type BlobSummary = { size: number; sealedSize: number; contentHash: Hex; chunkCount: number };

/** A completed blob's metadata (never its bytes, which `readChunks` streams). */
export type StoredBlob = BlobRef & BlobStart & BlobSummary & { createdAt: string };

/**
 * Sealed attachment bytes (PDFs, DICOM, images) kept beside the record versions, in chunks, so uploads and
 * downloads stream in bounded memory. A blob is written in three steps — `beginBlob`, `appendChunk`…,
 * `completeBlob` — each committed on its own, so a slow upload never holds the vault's writer; until it is
 * complete a blob is invisible to readers and `discardUnfinished` may sweep it (an upload that crashed or was
 * refused). Bytes are immutable once written; only the wrapped data key changes (`rewrapBlob`, key rotation).
 * Implementations: `MemoryBlobStore`, `SqliteBlobStore`, `PostgresBlobStore`; all pass `blobStoreContract`.
 */
export interface BlobStore {
  /** Starts an upload; `BlobExistsError` if the ref already has a blob (finished or not). */
  beginBlob(ref: BlobRef, start: BlobStart): Promise<void>;
  /** Stores chunk `index` (0, 1, 2… in order) of an unfinished blob. */
  appendChunk(ref: BlobRef, index: number, bytes: Uint8Array): Promise<void>;
  /** Marks the blob complete; `BlobNotFoundError` unless it is unfinished with exactly `chunkCount` chunks. */
  completeBlob(ref: BlobRef, summary: BlobSummary): Promise<StoredBlob>;
  /** Removes a blob and its chunks, finished or not (a refused or failed upload); no-op if absent. */
  discardBlob(ref: BlobRef): Promise<void>;
  /** A completed blob's metadata, or undefined (absent or unfinished). */
  readBlob(ref: BlobRef): Promise<StoredBlob | undefined>;
  /** A completed blob's sealed chunks in order, fetched one at a time. */
  readChunks(ref: BlobRef): AsyncIterable<Uint8Array>;
  /** Removes unfinished blobs started before `startedBefore` (epoch ms); returns how many. */
  discardUnfinished(startedBefore: number): Promise<number>;

  /** Up to `limit` blobs (finished or not) whose data key is wrapped by another master key than `activeKeyId`. */
  blobsToRewrap(activeKeyId: string, limit: number): Promise<(BlobRef & { header: SealedStreamHeader })[]>;
  /** Replaces a blob's wrapped data key if it is still wrapped by `fromKeyId`; returns whether it did. */
  rewrapBlob(
    ref: BlobRef,
    fromKeyId: string,
    wrapped: { wrappedKey: Uint8Array; keyId: string },
  ): Promise<boolean>;

  close(): Promise<void>;
}
