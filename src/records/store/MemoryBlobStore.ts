import type { SealedStreamHeader } from '../crypto/sealStream.ts';
import type { BlobRef, BlobStart, BlobStore, BlobSummary, StoredBlob } from './BlobStore.ts';
import { BlobExistsError, BlobNotFoundError } from './errors.ts';

type Entry = BlobStart & { summary: BlobSummary | undefined; chunks: Buffer[]; startedAt: number };

const refKey = (ref: BlobRef) => `${ref.resourceType}/${ref.id}/${ref.versionId}`;

function copyHeader(header: SealedStreamHeader): SealedStreamHeader {
  return {
    ...header,
    noncePrefix: Buffer.from(header.noncePrefix),
    wrappedKey: Buffer.from(header.wrappedKey),
  };
}

/** The `BlobStore` in memory, for unit tests; bytes are copied in and out as a database would. */
export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, Entry & { ref: BlobRef }>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async beginBlob(ref: BlobRef, start: BlobStart): Promise<void> {
    if (this.#blobs.has(refKey(ref))) throw new BlobExistsError(ref);
    this.#blobs.set(refKey(ref), {
      ref: { resourceType: ref.resourceType, id: ref.id, versionId: ref.versionId },
      header: copyHeader(start.header),
      contentType: start.contentType,
      summary: undefined,
      chunks: [],
      startedAt: this.#now(),
    });
  }

  async appendChunk(ref: BlobRef, index: number, bytes: Uint8Array): Promise<void> {
    const entry = this.#blobs.get(refKey(ref));
    if (!entry || entry.summary) throw new BlobNotFoundError(`No unfinished attachment ${refKey(ref)}`);
    if (index !== entry.chunks.length)
      throw new BlobNotFoundError(`Chunk ${index} of ${refKey(ref)} is out of order`);
    entry.chunks.push(Buffer.from(bytes));
  }

  async completeBlob(ref: BlobRef, summary: BlobSummary): Promise<StoredBlob> {
    const entry = this.#blobs.get(refKey(ref));
    if (!entry || entry.summary || entry.chunks.length !== summary.chunkCount)
      throw new BlobNotFoundError(
        `No unfinished attachment ${refKey(ref)} with ${summary.chunkCount} chunks`,
      );
    entry.summary = { ...summary };
    return this.#stored(entry);
  }

  async discardBlob(ref: BlobRef): Promise<void> {
    this.#blobs.delete(refKey(ref));
  }

  async readBlob(ref: BlobRef): Promise<StoredBlob | undefined> {
    const entry = this.#blobs.get(refKey(ref));
    return entry?.summary ? this.#stored(entry) : undefined;
  }

  async *readChunks(ref: BlobRef): AsyncIterable<Uint8Array> {
    const entry = this.#blobs.get(refKey(ref));
    if (!entry?.summary) throw new BlobNotFoundError(`No attachment ${refKey(ref)}`);
    for (const chunk of entry.chunks) yield Buffer.from(chunk);
  }

  async discardUnfinished(startedBefore: number): Promise<number> {
    let n = 0;
    for (const [key, entry] of this.#blobs) {
      if (!entry.summary && entry.startedAt < startedBefore) {
        this.#blobs.delete(key);
        n += 1;
      }
    }
    return n;
  }

  async blobsToRewrap(activeKeyId: string, limit: number) {
    return [...this.#blobs.values()]
      .filter((entry) => entry.header.keyId !== activeKeyId)
      .slice(0, limit)
      .map((entry) => ({ ...entry.ref, header: copyHeader(entry.header) }));
  }

  async rewrapBlob(
    ref: BlobRef,
    fromKeyId: string,
    wrapped: { wrappedKey: Uint8Array; keyId: string },
  ): Promise<boolean> {
    const entry = this.#blobs.get(refKey(ref));
    if (!entry || entry.header.keyId !== fromKeyId) return false;
    entry.header = { ...entry.header, wrappedKey: Buffer.from(wrapped.wrappedKey), keyId: wrapped.keyId };
    return true;
  }

  /** Test hook: the stored chunks themselves, so tamper tests can alter a byte at rest. */
  chunksOf(ref: BlobRef): Buffer[] {
    return this.#blobs.get(refKey(ref))?.chunks ?? [];
  }

  async close(): Promise<void> {}

  #stored(entry: Entry & { ref: BlobRef }): StoredBlob {
    if (!entry.summary) throw new BlobNotFoundError(`Attachment ${refKey(entry.ref)} is unfinished`);
    return {
      ...entry.ref,
      header: copyHeader(entry.header),
      contentType: entry.contentType,
      ...entry.summary,
      createdAt: new Date(entry.startedAt).toISOString(),
    };
  }
}
