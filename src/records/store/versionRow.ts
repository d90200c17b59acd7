import type { Hex } from 'viem';
import type { RecordVersion } from './RecordStore.ts';

/** A version row as SQLite and PostgreSQL return it (pg gives BIGINT as string and BOOLEAN as boolean). */
export type VersionRow = {
  resource_type: string;
  id: string;
  version_id: number | string;
  last_updated: number | string;
  content_hash: string;
  deleted: number | boolean;
  ciphertext: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
  wrapped_key: Uint8Array;
  key_id: string;
  anchor_status: string;
  anchor_batch_id: string | null;
  anchor_proof: string | null;
  anchor_root: string | null;
  anchor_tx_hash: string | null;
  anchor_anchored_at: number | string | null;
};

/** The columns and joins every version query selects, in `VersionRow` shape (alias `v` for the version table). */
export const VERSION_SELECT = `SELECT v.resource_type, v.id, v.version_id, v.last_updated, v.content_hash, v.deleted,
  v.ciphertext, v.iv, v.tag, v.wrapped_key, v.key_id, v.anchor_status, v.anchor_batch_id, v.anchor_proof,
  b.root AS anchor_root, b.tx_hash AS anchor_tx_hash, b.anchored_at AS anchor_anchored_at
  FROM record_versions v LEFT JOIN anchor_batches b ON b.batch_id = v.anchor_batch_id`;

/** Decodes a row into the store's `RecordVersion`, the same from either database. */
export function versionFromRow(row: VersionRow): RecordVersion {
  const anchored = row.anchor_status === 'anchored' && row.anchor_batch_id !== null;
  return {
    resourceType: row.resource_type,
    id: row.id,
    versionId: Number(row.version_id),
    lastUpdated: new Date(Number(row.last_updated)).toISOString(),
    contentHash: row.content_hash as Hex,
    deleted: row.deleted === true || row.deleted === 1,
    sealed: {
      ciphertext: row.ciphertext,
      iv: row.iv,
      tag: row.tag,
      wrappedKey: row.wrapped_key,
      keyId: row.key_id,
    },
    anchorStatus: anchored ? 'anchored' : 'pending',
    anchor:
      anchored && row.anchor_batch_id !== null
        ? {
            batchId: row.anchor_batch_id,
            root: row.anchor_root as Hex,
            txHash: row.anchor_tx_hash as Hex,
            proof: JSON.parse(row.anchor_proof ?? '[]') as Hex[],
            anchoredAt: new Date(Number(row.anchor_anchored_at)).toISOString(),
          }
        : null,
  };
}
