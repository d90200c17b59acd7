import type { Hex } from 'viem';
import type { BlobRef, BlobStart, StoredBlob } from './BlobStore.ts';

/** A `blobs` row as SQLite and PostgreSQL return it (pg gives BIGINT as string). */
export type BlobRow = {
  resource_type: string;
  id: string;
  version_id: number | string;
  content_type: string;
  wrapped_key: Uint8Array;
  key_id: string;
  nonce_prefix: Uint8Array;
  segment_size: number | string;
  started_at: number | string;
  size: number | string | null;
  sealed_size: number | string | null;
  content_hash: string | null;
  chunk_count: number | string | null;
};

/** The columns every blob query selects, in `BlobRow` shape. */
export const BLOB_COLUMNS = `resource_type, id, version_id, content_type, wrapped_key, key_id, nonce_prefix,
  segment_size, started_at, size, sealed_size, content_hash, chunk_count`;

/**
 * A new blob's row as both stores insert it: the column list, and the values in that order (bytes as Buffers,
 * which both drivers bind as blobs).
 */
export function blobStartRow(ref: BlobRef, start: BlobStart, startedAt: number) {
  return {
    columns:
      'resource_type, id, version_id, content_type, wrapped_key, key_id, nonce_prefix, segment_size, started_at',
    values: [
      ref.resourceType,
      ref.id,
      ref.versionId,
      start.contentType,
      Buffer.from(start.header.wrappedKey),
      start.header.keyId,
      Buffer.from(start.header.noncePrefix),
      start.header.segmentSize,
      startedAt,
    ],
  } as const;
}

/** A row's ref and stream header (enough to re-wrap its key). */
export function blobHeaderFromRow(row: BlobRow) {
  return {
    resourceType: row.resource_type,
    id: row.id,
    versionId: Number(row.version_id),
    header: {
      wrappedKey: Buffer.from(row.wrapped_key),
      keyId: row.key_id,
      noncePrefix: Buffer.from(row.nonce_prefix),
      segmentSize: Number(row.segment_size),
    },
  };
}

/** Decodes a complete blob's row, the same from either database. */
export function blobFromRow(row: BlobRow): StoredBlob {
  return {
    ...blobHeaderFromRow(row),
    contentType: row.content_type,
    size: Number(row.size),
    sealedSize: Number(row.sealed_size),
    contentHash: row.content_hash as Hex,
    chunkCount: Number(row.chunk_count),
    createdAt: new Date(Number(row.started_at)).toISOString(),
  };
}

/** `Type/id/version`, for error messages. */
export const blobName = (ref: BlobRef) => `${ref.resourceType}/${ref.id}/${ref.versionId}`;
